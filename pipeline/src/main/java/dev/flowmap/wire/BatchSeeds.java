package dev.flowmap.wire;

import dev.flowmap.data.Rng;

/** Derives batch k's seed from a stream's seed (SplitMix64), so a stream is reproducible batch by batch. */
public final class BatchSeeds {
  private BatchSeeds() {}

  /** The seed of batch {@code k} of the stream seeded with {@code seed}. */
  public static long of(long seed, long k) {
    return Rng.splitMix64(seed, k);
  }
}

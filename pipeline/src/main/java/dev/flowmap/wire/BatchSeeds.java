package dev.flowmap.wire;

/** Derives batch k's seed from a stream's seed (SplitMix64), so a stream is reproducible batch by batch. */
public final class BatchSeeds {
  private BatchSeeds() {}

  /** The seed of batch {@code k} of the stream seeded with {@code seed}. */
  public static long of(long seed, long k) {
    long z = seed + (k + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

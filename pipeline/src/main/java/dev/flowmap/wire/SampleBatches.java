package dev.flowmap.wire;

/**
 * The batch seeds and encodings of {@code /samples}, for other transports (Kafka) that must give
 * the same values as {@code /samples} for the same seed.
 */
public final class SampleBatches {
  private SampleBatches() {}

  /** The seed of batch {@code k} of a stream seeded with {@code seed}, as {@code /samples} uses it. */
  public static long seed(long seed, long k) {
    return BatchSeeds.of(seed, k);
  }

  /** {@code n} points of {@code xy} as {@code /samples} encodes them in {@code format} (binary or ndjson). */
  public static byte[] encode(SampleFormat format, float[] xy, int n) {
    if (!format.batch()) {
      throw new IllegalArgumentException("format must be binary or ndjson, got " + format);
    }
    return SampleEncoder.encode(format, xy, n, 0, 0);
  }
}

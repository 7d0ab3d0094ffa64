package dev.flowmap.data;

/** The base distribution N(0, sigma^2 I) in 2D, written into interleaved (x, y) arrays. */
public final class GaussianSampler {
  private GaussianSampler() {}

  /** Writes {@code count} points starting at point index {@code offset}; allocates nothing. */
  public static void sample(Rng rng, double sigma, float[] xy, int offset, int count) {
    if (offset < 0 || count < 0 || 2L * ((long) offset + count) > xy.length) {
      throw new IndexOutOfBoundsException(
          "points [" + offset + ", " + (offset + count) + ") do not fit in " + xy.length / 2);
    }
    int end = 2 * (offset + count);
    for (int k = 2 * offset; k < end; k++) {
      xy[k] = (float) (sigma * rng.nextGaussian());
    }
  }
}

package dev.flowmap.eval;

/**
 * The seed's histogram KL (METHOD.md "Evaluation", exactly): 50 x 50 bins on [-2.5, 2.5]^2,
 * densities count / (in-range count * bin area), out-of-range points dropped,
 * KL = sum (P + 1e-8) log((P + 1e-8) / (Q + 1e-8)).
 *
 * <p>Binning follows numpy's {@code histogram2d}: edges are {@code linspace(lo, hi, bins + 1)},
 * each bin is [e_k, e_{k+1}) except the last, which is closed, so a point exactly at {@code hi}
 * counts in the last bin; points outside [lo, hi] (or NaN) are dropped. Densities are laid out
 * as numpy's H[ix, iy] flattened row by row: index ix * bins + iy.
 */
public final class HistogramKl {
  static final double EPS = 1e-8;

  private final int bins;
  private final double lo;
  private final double hi;
  private final double width;
  private final double[] edges;

  /** The seed's estimator: 50 bins per axis on [-2.5, 2.5]. */
  public HistogramKl() {
    this(50, -2.5, 2.5);
  }

  /** An estimator with {@code bins} bins per axis on [lo, hi]. */
  public HistogramKl(int bins, double lo, double hi) {
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be at least 1, got " + bins);
    }
    if (!(hi > lo) || Double.isInfinite(hi - lo)) {
      throw new IllegalArgumentException("need finite lo < hi, got [" + lo + ", " + hi + "]");
    }
    this.bins = bins;
    this.lo = lo;
    this.hi = hi;
    this.width = (hi - lo) / bins;
    this.edges = new double[bins + 1];
    for (int k = 0; k < bins; k++) {
      edges[k] = lo + k * width; // numpy's linspace: start + k * step, last set to stop
    }
    edges[bins] = hi;
  }

  /** Bins per axis. */
  public int bins() {
    return bins;
  }

  /**
   * The histogram density of the first {@code count} points: count per bin divided by (number of
   * in-range points * bin area); all zeros when no point is in range.
   */
  public double[] density(float[] xy, int count) {
    if (count < 0 || 2L * count > xy.length) {
      throw new IndexOutOfBoundsException(count + " points do not fit in " + xy.length / 2);
    }
    long[] counts = new long[bins * bins];
    long inRange = 0;
    for (int p = 0; p < count; p++) {
      int k = index(xy[2 * p], xy[2 * p + 1]);
      if (k >= 0) {
        counts[k]++;
        inRange++;
      }
    }
    return density(counts, inRange);
  }

  /**
   * The flat bin index ix * bins + iy of (x, y), or -1 when the point is dropped; lets a caller
   * that sees points one at a time (a stream consumer) keep counts and call {@link #density(long[], long)}.
   */
  public int index(double x, double y) {
    int ix = bin(x);
    int iy = bin(y);
    return ix < 0 || iy < 0 ? -1 : ix * bins + iy;
  }

  /** The density of bin counts (laid out as {@link #index}) with {@code inRange} points in all. */
  public double[] density(long[] counts, long inRange) {
    if (counts.length != bins * bins) {
      throw new IllegalArgumentException("expected " + bins * bins + " counts, got " + counts.length);
    }
    double[] density = new double[bins * bins];
    if (inRange == 0) {
      return density;
    }
    for (int ix = 0; ix < bins; ix++) {
      double dx = edges[ix + 1] - edges[ix];
      for (int iy = 0; iy < bins; iy++) {
        double area = dx * (edges[iy + 1] - edges[iy]);
        density[ix * bins + iy] = counts[ix * bins + iy] / (inRange * area);
      }
    }
    return density;
  }

  /** sum over bins of (p + 1e-8) log((p + 1e-8) / (q + 1e-8)). */
  public static double kl(double[] p, double[] q) {
    if (p.length != q.length) {
      throw new IllegalArgumentException("densities differ in size: " + p.length + " vs " + q.length);
    }
    double sum = 0;
    for (int k = 0; k < p.length; k++) {
      double a = p[k] + EPS;
      sum += a * Math.log(a / (q[k] + EPS));
    }
    return sum;
  }

  /** KL(target || generated) of the two samples' histogram densities. */
  public double kl(float[] target, int targetCount, float[] generated, int generatedCount) {
    return kl(density(target, targetCount), density(generated, generatedCount));
  }

  /** The bin of one coordinate as numpy's searchsorted(edges, v, 'right') - 1, or -1 if dropped. */
  int bin(double v) {
    if (!(v >= lo && v <= hi)) {
      return -1;
    }
    if (v == hi) {
      return bins - 1;
    }
    int k = (int) ((v - lo) / width);
    if (k >= bins) {
      k = bins - 1;
    }
    while (k > 0 && v < edges[k]) {
      k--;
    }
    while (k < bins - 1 && v >= edges[k + 1]) {
      k++;
    }
    return k;
  }
}

package dev.flowmap.eval;

/**
 * The seed notebook's histogram KL (docs/method.md "Evaluation"), the scale of every published table:
 * 60 x 60 bins on [-2.5, 2.5]^2 by default, out-of-range points dropped, probabilities
 * P = count / in-range count (Q likewise), KL = sum (P + 1e-8) log((P + 1e-8) / (Q + 1e-8)).
 *
 * <p>The seed's {@code src/utils.py} also has a density variant (count / (in-range count * bin
 * area)); its KL is the same sum times 1 / bin area ({@link #toDensityScale}), x144 at 60 bins.
 *
 * <p>Binning follows numpy's {@code histogram2d}: edges are {@code linspace(lo, hi, bins + 1)},
 * each bin is [e_k, e_{k+1}) except the last, which is closed, so a point exactly at {@code hi}
 * counts in the last bin; points outside [lo, hi] (or NaN) are dropped. Probabilities are laid out
 * as numpy's H[ix, iy] flattened row by row: index ix * bins + iy.
 */
public final class HistogramKl {
  static final double EPS = 1e-8;

  private final int bins;
  private final double lo;
  private final double hi;
  private final double width;
  private final double[] edges;

  /** The default number of bins per axis, the seed notebook's. */
  public static final int DEFAULT_BINS = 60;
  /** The histogram's range per axis, [-LIMIT, LIMIT]. */
  public static final double LIMIT = 2.5;

  /** The seed notebook's estimator: 60 bins per axis on [-2.5, 2.5]. */
  public HistogramKl() {
    this(DEFAULT_BINS);
  }

  /** {@code bins} bins per axis on [-2.5, 2.5]. */
  public HistogramKl(int bins) {
    this(bins, -LIMIT, LIMIT);
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

  /** The area of one bin (all bins are equal but for rounding of the last edge). */
  public double binArea() {
    return width * width;
  }

  /**
   * A KL of this estimator on the density variant's scale: the same sum times 1 / bin area. It
   * matches the density form when no bin is empty in one sample only; where one is, the 1e-8 added
   * to each bin weighs differently in the two forms. Only for comparing with numbers in that scale.
   */
  public double toDensityScale(double kl) {
    return kl / binArea();
  }

  /**
   * The histogram probabilities of the first {@code count} points: count per bin divided by the
   * number of in-range points; all zeros when no point is in range.
   */
  public double[] probabilities(float[] xy, int count) {
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
    return probabilities(counts, inRange);
  }

  /**
   * The flat bin index ix * bins + iy of (x, y), or -1 when the point is dropped; lets a caller
   * that sees points one at a time (a stream consumer) keep counts and call {@link #probabilities(long[], long)}.
   */
  public int index(double x, double y) {
    int ix = bin(x);
    int iy = bin(y);
    return ix < 0 || iy < 0 ? -1 : ix * bins + iy;
  }

  /** The probabilities of bin counts (laid out as {@link #index}) with {@code inRange} points in all. */
  public double[] probabilities(long[] counts, long inRange) {
    if (counts.length != bins * bins) {
      throw new IllegalArgumentException("expected " + bins * bins + " counts, got " + counts.length);
    }
    double[] p = new double[bins * bins];
    if (inRange == 0) {
      return p;
    }
    for (int k = 0; k < p.length; k++) {
      p[k] = (double) counts[k] / inRange;
    }
    return p;
  }

  /** sum over bins of (p + 1e-8) log((p + 1e-8) / (q + 1e-8)). */
  public static double kl(double[] p, double[] q) {
    if (p.length != q.length) {
      throw new IllegalArgumentException("histograms differ in size: " + p.length + " vs " + q.length);
    }
    double sum = 0;
    for (int k = 0; k < p.length; k++) {
      double a = p[k] + EPS;
      sum += a * Math.log(a / (q[k] + EPS));
    }
    return sum;
  }

  /** KL(target || generated) of the two samples' histogram probabilities (p = target). */
  public double kl(float[] target, int targetCount, float[] generated, int generatedCount) {
    return kl(probabilities(target, targetCount), probabilities(generated, generatedCount));
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

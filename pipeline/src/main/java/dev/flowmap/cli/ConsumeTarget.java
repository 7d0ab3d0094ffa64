package dev.flowmap.cli;

import java.util.SplittableRandom;

/**
 * The checkerboard target and the histogram KL, as the consumer needs them. Stand-in until
 * integration switches it to {@code dev.flowmap.data.Checkerboard} and {@code dev.flowmap.eval.HistogramKl}.
 */
final class ConsumeTarget {
  static final int BINS = 50;
  static final double LIMIT = 2.5;
  private static final double WIDTH = 2 * LIMIT / BINS;
  private static final double EPS = 1e-8;

  private final int cells;
  private final double cellSize;
  private final long[] reference = new long[BINS * BINS];
  private long referenceInRange;

  /** The target geometry, with a reference histogram of {@code referenceSize} target samples. */
  ConsumeTarget(int cells, double cellSize, int referenceSize, long seed) {
    if (cells < 1 || !(cellSize > 0)) {
      throw new IllegalArgumentException("cells must be >= 1 and cell size > 0, got "
          + cells + " and " + cellSize);
    }
    this.cells = cells;
    this.cellSize = cellSize;
    SplittableRandom r = new SplittableRandom(seed);
    double lo = -cells * cellSize / 2;
    for (int k = 0; k < referenceSize; k++) {
      int i;
      int j;
      do {
        i = r.nextInt(cells);
        j = r.nextInt(cells);
      } while ((i + j) % 2 != 0);
      double x = lo + (i + r.nextDouble()) * cellSize;
      double y = lo + (j + r.nextDouble()) * cellSize;
      referenceInRange += add(reference, x, y);
    }
  }

  /** True when (x, y) lies in a kept square: (i + j) even. */
  boolean inSupport(double x, double y) {
    double lo = -cells * cellSize / 2;
    double u = (x - lo) / cellSize;
    double v = (y - lo) / cellSize;
    if (!(u >= 0 && u < cells && v >= 0 && v < cells)) {
      return false;
    }
    return ((int) u + (int) v) % 2 == 0;
  }

  /** Adds (x, y) to a 50 x 50 histogram on [-2.5, 2.5]^2; returns 1 when it fell in range. */
  static int add(long[] hist, double x, double y) {
    int bx = (int) Math.floor((x + LIMIT) / WIDTH);
    int by = (int) Math.floor((y + LIMIT) / WIDTH);
    if (x == LIMIT) {
      bx = BINS - 1;
    }
    if (y == LIMIT) {
      by = BINS - 1;
    }
    if (bx < 0 || bx >= BINS || by < 0 || by >= BINS) {
      return 0;
    }
    hist[bx * BINS + by]++;
    return 1;
  }

  /** KL(target || generated) = sum (P + 1e-8) log((P + 1e-8) / (Q + 1e-8)) over bin densities. */
  double kl(long[] generated, long generatedInRange) {
    double area = WIDTH * WIDTH;
    double sum = 0;
    for (int b = 0; b < reference.length; b++) {
      double p = referenceInRange == 0 ? 0 : reference[b] / (referenceInRange * area);
      double q = generatedInRange == 0 ? 0 : generated[b] / (generatedInRange * area);
      sum += (p + EPS) * Math.log((p + EPS) / (q + EPS));
    }
    return sum;
  }
}

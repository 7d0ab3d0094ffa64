package dev.flowmap.eval;

import dev.flowmap.data.Checkerboard;
import dev.flowmap.data.Rng;
import dev.flowmap.eval.HistogramKl;
import dev.flowmap.eval.KlFloor;

/**
 * The checkerboard target and the evaluation's histogram KL (the seed notebook's probability
 * form, 60 x 60 bins) as a stream consumer needs them: points arrive one at a time, so it keeps
 * bin counts (binned exactly as {@link HistogramKl}) against a reference histogram of
 * {@code referenceSize} target samples drawn from {@link Checkerboard}, and knows the estimator's
 * floor at that n.
 */
public final class ConsumeTarget {
  private final Checkerboard board;
  private final HistogramKl estimator = new HistogramKl();
  private final double[] reference;
  private final int referenceSize;
  private final long seed;
  private double floor = Double.NaN;

  /** The target geometry, with a reference histogram of {@code referenceSize} target samples. */
  public ConsumeTarget(int cells, double cellSize, int referenceSize, long seed) {
    board = new Checkerboard(cells, cellSize);
    float[] xy = new float[2 * referenceSize];
    board.sample(new Rng(seed), xy, 0, referenceSize);
    reference = estimator.probabilities(xy, referenceSize);
    this.referenceSize = referenceSize;
    this.seed = seed;
  }

  /** True when (x, y) lies in a kept square. */
  boolean inSupport(double x, double y) {
    return board.contains(x, y);
  }

  /** Empty bin counts for {@link #add}. */
  long[] newHistogram() {
    return new long[estimator.bins() * estimator.bins()];
  }

  /** Bins per axis. */
  int bins() {
    return estimator.bins();
  }

  /** The number of target samples in the reference histogram (the n of the floor). */
  int referenceSize() {
    return referenceSize;
  }

  /** The estimator's floor with n = {@link #referenceSize} samples on each side; computed once. */
  double floor() {
    if (Double.isNaN(floor)) {
      floor = new KlFloor(1).floor(board, estimator.bins(), referenceSize, seed);
    }
    return floor;
  }

  /** Counts (x, y) in {@code hist}; returns 1 when it fell in the histogram's range, else 0. */
  int add(long[] hist, double x, double y) {
    int k = estimator.index(x, y);
    if (k < 0) {
      return 0;
    }
    hist[k]++;
    return 1;
  }

  /** KL(target || generated) of the reference and the counted points' histogram probabilities. */
  double kl(long[] generated, long generatedInRange) {
    return HistogramKl.kl(reference, estimator.probabilities(generated, generatedInRange));
  }
}

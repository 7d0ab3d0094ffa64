package dev.flowmap.loss;

import java.util.Arrays;

/**
 * Adaptive weights of LSD's rows over the gap t - s ({@code loss.adaptive_bins} K): the gaps
 * [0, 1] fall in K equal bins, each bin keeps an exponential moving average m_b (decay
 * {@link #DECAY}) of its rows' mean squared residual |r|^2 and one p_b of its share of the rows,
 * and a row in bin b weighs (1 / m_b) / sum_c p_c / m_c (the sums over the bins seen so far, p
 * taken as a share of theirs), clamped to [1 / {@link #MAX_WEIGHT}, {@link #MAX_WEIGHT}]. So every
 * gap bin pulls about equally, whatever the scale of its residual, while the rows' mean weight
 * stays 1 and the term keeps its balance with flow matching: the closed form of a learned per-bin
 * log-variance weight, since min over w of e^-w L + w is at e^-w = 1 / L. A bin no row has fallen
 * in yet weighs 1. (Weights around the bins' plain mean of m, without the shares, diverged:
 * most rows sit at small gaps, whose bins took the largest weights; docs/results.md.)
 *
 * <p>Each worker adds its rows to its own {@link Tally} while the step runs; {@link #update}, after
 * the step's last batch, sums the tallies in worker order, moves the averages and sets the weights
 * the next step uses. So the weights are a function of the seed, the steps so far and the worker
 * count, like the gradient's bits. The averages are saved in the checkpoint ({@link #state}).
 */
public final class GapBins {
  /** The decay of each bin's moving average of its mean squared residual. */
  public static final double DECAY = 0.99;
  /** The largest factor between a bin's weight and 1, either way. */
  public static final double MAX_WEIGHT = 10;
  /** The most bins {@code loss.adaptive_bins} may ask for. */
  public static final int MAX_BINS = 64;

  private final int k;
  /** Each bin's average, NaN before a row has fallen in it. */
  private final double[] ema;
  /** Each bin's moving share of the rows, NaN before a row has fallen in it. */
  private final double[] share;
  private final float[] weights;
  private final Tally[] tallies;

  /** K {@code bins}, tallied by {@code parts} workers. */
  public GapBins(int bins, int parts) {
    if (bins < 2 || bins > MAX_BINS || parts < 1) {
      throw new IllegalArgumentException("need 2.." + MAX_BINS + " bins and >= 1 part, got " + bins
          + " and " + parts);
    }
    k = bins;
    ema = new double[bins];
    Arrays.fill(ema, Double.NaN);
    share = new double[bins];
    Arrays.fill(share, Double.NaN);
    weights = new float[bins];
    Arrays.fill(weights, 1f);
    tallies = new Tally[parts];
    for (int p = 0; p < parts; p++) {
      tallies[p] = new Tally(this);
    }
  }

  /** Worker {@code part}'s tally. */
  public Tally tally(int part) {
    return tallies[part];
  }

  public int bins() {
    return k;
  }

  /** The bin of a gap t - s: floor(gap K), within [0, K - 1]. */
  int bin(float gap) {
    int b = (int) (gap * k);
    return b < 0 ? 0 : Math.min(b, k - 1);
  }

  /** The weight rows of bin {@code b} take this step. */
  float weight(int b) {
    return weights[b];
  }

  /** A copy of the bins' weights. */
  public float[] weights() {
    return weights.clone();
  }

  /**
   * After a step: sums the workers' tallies in worker order, moves each bin that had rows, clears
   * the tallies, and sets the weights the next step takes.
   */
  public void update() {
    long rows = 0;
    for (Tally t : tallies) {
      for (int b = 0; b < k; b++) {
        rows += t.count[b];
      }
    }
    for (int b = 0; b < k; b++) {
      double sum = 0;
      long count = 0;
      for (Tally t : tallies) {
        sum += t.sum[b];
        count += t.count[b];
        t.sum[b] = 0;
        t.count[b] = 0;
      }
      if (count > 0) {
        double mean = sum / count;
        ema[b] = Double.isNaN(ema[b]) ? mean : DECAY * ema[b] + (1 - DECAY) * mean;
      }
      if (rows > 0 && (count > 0 || !Double.isNaN(share[b]))) {
        double p = (double) count / rows;
        share[b] = Double.isNaN(share[b]) ? p : DECAY * share[b] + (1 - DECAY) * p;
      }
    }
    setWeights();
  }

  private void setWeights() {
    double shares = 0;
    double inverse = 0;
    for (int b = 0; b < k; b++) {
      if (!Double.isNaN(ema[b])) {
        shares += share[b];
        inverse += share[b] / ema[b];
      }
    }
    double scale = shares / inverse; // 1 / (sum p / m) with p as a share of the seen bins'
    for (int b = 0; b < k; b++) {
      double w = Double.isNaN(ema[b]) ? 1 : scale / ema[b];
      weights[b] = (float) (Double.isNaN(w) ? 1
          : Math.max(Math.min(w, MAX_WEIGHT), 1 / MAX_WEIGHT));
    }
  }

  /**
   * The bins' averages, then their shares (NaN: no row yet), 2K numbers for the checkpoint.
   */
  public double[] state() {
    double[] s = Arrays.copyOf(ema, 2 * k);
    System.arraycopy(share, 0, s, k, k);
    return s;
  }

  /** Restores averages and shares saved by {@link #state}, and the weights they give. */
  public void load(double[] state) {
    if (state.length != 2 * k) {
      throw new IllegalArgumentException("the checkpoint has " + state.length / 2
          + " adaptive gap bins, the config asks for " + k + " (loss.adaptive_bins)");
    }
    System.arraycopy(state, 0, ema, 0, k);
    System.arraycopy(state, k, share, 0, k);
    for (Tally t : tallies) {
      Arrays.fill(t.sum, 0);
      Arrays.fill(t.count, 0);
    }
    setWeights();
  }

  /** One worker's sums of squared residuals and row counts per bin, for the step so far. */
  public static final class Tally {
    final GapBins bins;
    final double[] sum;
    final long[] count;

    private Tally(GapBins bins) {
      this.bins = bins;
      sum = new double[bins.k];
      count = new long[bins.k];
    }

    void add(int b, double squared) {
      sum[b] += squared;
      count[b]++;
    }
  }
}

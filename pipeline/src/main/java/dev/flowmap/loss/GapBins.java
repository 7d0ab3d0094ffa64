package dev.flowmap.loss;

import java.util.Arrays;

/**
 * Adaptive weights of LSD's rows over the gap t - s ({@code loss.adaptive_bins} K): the gaps
 * [0, 1] fall in K equal bins, each bin keeps an exponential moving average m_b (decay
 * {@link #DECAY}) of its rows' mean squared residual |r|^2, and a row in bin b weighs
 * mbar / m_b in the gradient, where mbar is the mean of the bins' m, clamped to
 * [1 / {@link #MAX_WEIGHT}, {@link #MAX_WEIGHT}]. So every gap bin pulls about equally, whatever
 * the scale of its residual: the closed form of a learned per-bin log-variance weight, since
 * min over w of e^-w L + w is at e^-w = 1 / L. A bin no row has fallen in yet weighs 1.
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
    }
    setWeights();
  }

  private void setWeights() {
    double total = 0;
    int seen = 0;
    for (double m : ema) {
      if (!Double.isNaN(m)) {
        total += m;
        seen++;
      }
    }
    double mbar = seen > 0 ? total / seen : 1;
    for (int b = 0; b < k; b++) {
      double w = Double.isNaN(ema[b]) ? 1 : mbar / ema[b];
      weights[b] = (float) (Double.isNaN(w) ? 1 : Math.max(Math.min(w, MAX_WEIGHT), 1 / MAX_WEIGHT));
    }
  }

  /** The bins' averages (NaN: no row yet), for the checkpoint. */
  public double[] state() {
    return ema.clone();
  }

  /** Restores averages saved by {@link #state}, and the weights they give. */
  public void load(double[] state) {
    if (state.length != k) {
      throw new IllegalArgumentException("the checkpoint has " + state.length
          + " adaptive gap bins, the config asks for " + k + " (loss.adaptive_bins)");
    }
    System.arraycopy(state, 0, ema, 0, k);
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

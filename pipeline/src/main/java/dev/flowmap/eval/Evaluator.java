package dev.flowmap.eval;

import dev.flowmap.data.Checkerboard;
import dev.flowmap.data.Rng;

/** Scores generated samples for each N against one shared target sample. */
public final class Evaluator {
  private static final long STREAM_TARGET = 0x544152474554L; // "TARGET"

  private final Checkerboard board;
  private final int samples;
  private final long seed;
  private final HistogramKl histogram;
  private final KlFloor floors;
  private final float[] target;
  private final double[] targetProbabilities;

  /** As below with the default 60 bins per axis. */
  public Evaluator(Checkerboard board, int samples, long seed) {
    this(board, HistogramKl.DEFAULT_BINS, samples, seed);
  }

  /** As below, with a floor cache of its own. */
  public Evaluator(Checkerboard board, int bins, int samples, long seed) {
    this(board, bins, samples, seed, new KlFloor(1));
  }

  /**
   * Draws the target sample of size {@code samples} once and precomputes its histogram of
   * {@code bins} x {@code bins} probabilities; the floor comes from {@code floors}.
   */
  public Evaluator(Checkerboard board, int bins, int samples, long seed, KlFloor floors) {
    if (samples < 1) {
      throw new IllegalArgumentException("samples must be positive, got " + samples);
    }
    this.board = board;
    this.floors = floors;
    this.histogram = new HistogramKl(bins);
    this.samples = samples;
    this.seed = seed;
    this.target = new float[2 * samples];
    board.sample(new Rng(Rng.derive(seed, STREAM_TARGET, 0)), target, 0, samples);
    this.targetProbabilities = histogram.probabilities(target, samples);
  }

  /**
   * KL(target || generated) of the first {@code count} generated points (p = the target's
   * histogram, q = the generated one), the floor at the same n,
   * and their in-support fraction; {@code count} must equal {@link #samples()} so the floor applies.
   */
  public KlRow score(int steps, float[] generated, int count) {
    if (count != samples) {
      throw new IllegalArgumentException(
          "generated count " + count + " differs from the evaluator's sample size " + samples);
    }
    double kl = HistogramKl.kl(targetProbabilities, histogram.probabilities(generated, count));
    double floor = floors.floor(board, histogram.bins(), samples, seed);
    return new KlRow(steps, kl, floor, InSupport.fraction(board, generated, count));
  }

  /** A copy of the target sample, interleaved (x, y). */
  public float[] target() {
    return target.clone();
  }

  /** Bins per axis. */
  public int bins() {
    return histogram.bins();
  }

  /** The sample size n. */
  public int samples() {
    return samples;
  }
}

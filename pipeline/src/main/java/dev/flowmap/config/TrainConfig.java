package dev.flowmap.config;

/**
 * The training loop (YAML section {@code train}).
 *
 * @param steps           optimizer steps
 * @param batch           the batch size B
 * @param seed            the root random seed; every stage's stream is split from it
 * @param logEvery        steps between progress and metric log lines
 * @param evalEvery       steps between periodic KL evaluations; 0 evaluates only at the end
 * @param evalSamples     samples per periodic evaluation (the final one uses eval.samples)
 * @param checkpointEvery steps between checkpoints; 0 writes only the final one
 * @param threads         compute threads; 0 picks automatically
 * @param minutes         a wall-clock budget for the whole run, evaluations included: at start-up,
 *                        after the worker calibration, steps and sampler passes are timed until
 *                        their time is steady and {@code steps} is set to what fits (and saved, so a resume keeps
 *                        it); 0 = off, {@code steps} as given
 * @param lateBatches     k: from {@code lateFrom} of the steps on, each step's gradient is the mean
 *                        over k batches of B (a batch of k B rows for the last part of training);
 *                        1 = off
 * @param lateFrom        the share of the steps after which steps take {@code lateBatches}
 *                        batches, in [0, 1)
 */
public record TrainConfig(long steps, int batch, long seed, int logEvery, int evalEvery,
                          int evalSamples, int checkpointEvery, int threads, double minutes,
                          int lateBatches, double lateFrom) {
  /** The most batches a late step may take. */
  public static final int MAX_LATE_BATCHES = 64;

  public TrainConfig {
    Check.atLeast("train.steps", steps, 1L);
    Check.inRange("train.batch", batch, 1, 1_000_000);
    Check.atLeast("train.log_every", logEvery, 1);
    Check.atLeast("train.eval_every", evalEvery, 0);
    Check.atLeast("train.eval_samples", evalSamples, 1000);
    Check.atLeast("train.checkpoint_every", checkpointEvery, 0);
    Check.atLeast("train.threads", threads, 0);
    Check.nonNegative("train.minutes", minutes);
    Check.inRange("train.late_batches", lateBatches, 1, MAX_LATE_BATCHES);
    Check.unitHalfOpen("train.late_from", lateFrom);
  }

  /** With a time budget, without late batches. */
  public TrainConfig(long steps, int batch, long seed, int logEvery, int evalEvery,
                     int evalSamples, int checkpointEvery, int threads, double minutes) {
    this(steps, batch, seed, logEvery, evalEvery, evalSamples, checkpointEvery, threads, minutes,
        1, DEFAULT_LATE_FROM);
  }

  /** Without a time budget. */
  public TrainConfig(long steps, int batch, long seed, int logEvery, int evalEvery,
                     int evalSamples, int checkpointEvery, int threads) {
    this(steps, batch, seed, logEvery, evalEvery, evalSamples, checkpointEvery, threads, 0);
  }

  /** Where late batches begin unless train.late_from says otherwise: the last fifth of the steps. */
  public static final double DEFAULT_LATE_FROM = 0.8;

  /**
   * The last step that takes one batch: steps after it take {@code lateBatches} (none do
   * without late batches).
   */
  public long lastSingleBatchStep() {
    return lateBatches == 1 ? steps : (long) Math.floor(lateFrom * steps);
  }

  /** Batches step {@code step} (from 1) averages its gradient over. */
  public int batchesAt(long step) {
    return step > lastSingleBatchStep() ? lateBatches : 1;
  }

  /** The seed's loop: 30,000 steps of 2048, evaluated every 2000 steps on 50,000 samples. */
  public static TrainConfig defaults() {
    return new TrainConfig(30_000L, 2048, 0L, 50, 2000, 50_000, 2000, 0);
  }

  /** This loop with {@code threads} compute threads. */
  public TrainConfig withThreads(int n) {
    return new TrainConfig(steps, batch, seed, logEvery, evalEvery, evalSamples, checkpointEvery, n,
        minutes, lateBatches, lateFrom);
  }

  /** This loop with {@code n} steps (what a time budget chose). */
  public TrainConfig withSteps(long n) {
    return new TrainConfig(n, batch, seed, logEvery, evalEvery, evalSamples, checkpointEvery, threads,
        minutes, lateBatches, lateFrom);
  }
}

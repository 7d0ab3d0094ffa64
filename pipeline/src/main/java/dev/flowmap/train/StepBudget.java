package dev.flowmap.train;

import dev.flowmap.config.ConfigException;
import dev.flowmap.config.RunConfig;
import dev.flowmap.sample.FlowMapSampler;
import dev.flowmap.sample.Integrator;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@code train.minutes}: the number of steps that fits a wall-clock budget. After the worker
 * calibration, whole steps (batch, loss, update with its EMA, through the same pipeline stages as
 * the run) of a throwaway copy of the run are timed until their time is steady, then sampler
 * passes likewise ({@link SteadyTime}: rounds of at least 5 steps and 0.5 s, until the medians of
 * the last 3 rounds agree within 3%; the last round's median counts). In a fresh JVM the first
 * steps run before the JIT has compiled the fused kernels and are about twice as slow, which a
 * fixed few warm-up steps missed. Each timing stops at a cap, the steps' at the smaller of 20 s
 * and 3% of the budget, the passes' at a quarter of that. The steps are then what 95% of the
 * budget holds once the time already spent (since the run began: calibration and this timing),
 * the final evaluation and the periodic ones are counted. The last 5% is left for what is not
 * timed: JVM start-up, checkpoints, figures, the KL floors. The choice is written into the
 * config, so config.yaml and the checkpoint carry it and a resume keeps it. The throwaway
 * trainer has its own network, optimizer, batches and worker pool: the run's bits do not depend
 * on it.
 */
public final class StepBudget {
  /** Share of the budget that is planned for. */
  static final double PLANNED = 0.95;
  /** The step timing's cap in seconds, at most. */
  static final double CAP_SECONDS = 20;
  /** The step timing's cap as a share of the budget, at most. */
  static final double CAP_SHARE = 0.03;
  private static final int PASS_ROWS = 2048;
  private static final int PASS_STEPS = 4;

  /**
   * What was measured and chosen.
   *
   * @param secondsPerStep       one whole training step, steady
   * @param secondsPerRowPass    one network pass of one sample while sampling
   * @param elapsedSeconds       spent before the first step (JVM start, calibration, this timing)
   * @param timedSteps           throwaway steps the timing ran
   * @param steady               whether the step time settled before the cap
   */
  public record Plan(long steps, double secondsPerStep, double secondsPerRowPass,
                     double elapsedSeconds, double budgetSeconds, int timedSteps, boolean steady) {
    @Override
    public String toString() {
      String timing = steady ? String.format(Locale.ROOT, "steady after %d timed steps", timedSteps)
          : String.format(Locale.ROOT, "%d timed steps, not steady by the time cap", timedSteps);
      return String.format(Locale.ROOT, "train.minutes %.1f: %.1f ms per step (%s), %.2f us per"
          + " sample and network pass when sampling, %.0f s spent before training:"
          + " train.steps = %d",
          budgetSeconds / 60, secondsPerStep * 1e3, timing, secondsPerRowPass * 1e6, elapsedSeconds,
          steps);
    }
  }

  private StepBudget() {}

  /** train.minutes as written: 10, not 10.0. */
  private static String minutes(RunConfig c) {
    double m = c.train().minutes();
    return m == Math.rint(m) ? String.valueOf((long) m) : String.valueOf(m);
  }

  /**
   * The steps that fit: the largest S with elapsed + S * step * m + floor(S / eval_every) *
   * periodic + final <= 95% of the budget (at least 1), where an evaluation costs the sampler's
   * passes (sum of eval.steps, twice for Heun) times its samples times the per-row pass time, and
   * m is the mean batches a step takes: f + (1 - f) k with late batches ({@code train.late_batches}
   * k after the share f), 1 without. A late step is counted as k whole steps, which overstates it
   * by k - 1 optimizer updates: the plan errs on the short side.
   */
  static long steps(RunConfig c, double secondsPerStep, double secondsPerRowPass, double elapsedSeconds) {
    int perN = passesPerSample(c);
    double finalEval = finalEvalSeconds(c, secondsPerRowPass);
    double periodic = c.train().evalEvery() == 0 ? 0
        : secondsPerRowPass * perN * c.train().evalSamples() / c.train().evalEvery();
    double left = PLANNED * c.train().minutes() * 60 - elapsedSeconds - finalEval;
    int k = c.train().lateBatches();
    double f = c.train().lateFrom();
    double batchesPerStep = k == 1 ? 1 : f + (1 - f) * k;
    return Math.max(1, (long) Math.floor(left / (secondsPerStep * batchesPerStep + periodic)));
  }

  /**
   * Refuses a plan whose steps the config cannot run: a cosine schedule needs more steps than
   * its warm-up ({@link dev.flowmap.optim.ScheduleKind#admits}; a budget that small, or a machine
   * that slow, would end in the schedule's internal check with a stack trace).
   *
   * @throws ConfigException naming train.minutes, what the steps came to and the way out
   */
  static void fits(RunConfig c, Plan p) {
    if (!c.optim().schedule().admits(c.optim().warmup(), p.steps())) {
      throw new ConfigException(String.format(Locale.ROOT, "train.minutes %s leaves time for %d"
          + " steps on this machine (%.1f ms per step, %.0f s before training, about %.0f s for the"
          + " final evaluation), and optim.schedule %s needs more than optim.warmup %d: raise"
          + " train.minutes, or lower eval.samples or optim.warmup", minutes(c), p.steps(),
          p.secondsPerStep() * 1e3, p.elapsedSeconds(), finalEvalSeconds(c, p.secondsPerRowPass()),
          c.optim().schedule(), c.optim().warmup()));
    }
  }

  /** Network passes per sample of one evaluation: the sum of eval.steps, twice for Heun. */
  private static int passesPerSample(RunConfig c) {
    return c.eval().steps().stream().mapToInt(Integer::intValue).sum()
        * (c.eval().sampler() == Integrator.HEUN ? 2 : 1);
  }

  /** The final evaluation's estimated seconds. */
  static double finalEvalSeconds(RunConfig c, double secondsPerRowPass) {
    return secondsPerRowPass * passesPerSample(c) * c.eval().samples();
  }

  /**
   * Times the config's steps and sampler passes until steady ({@link SteadyTime}), with the pools
   * as {@link Threads#resolve} left them, and plans the steps for its train.minutes; {@code stop}
   * ends the timing with {@link StopRequest.Stopped}.
   */
  public static Plan plan(ComputeContext compute, RunConfig c, long startMillis,
                          BooleanSupplier stop) {
    double cap = capSeconds(c);
    SteadyTime steps = new SteadyTime(cap);
    try (Trainer trainer = new Trainer(c, compute.newNetwork(c, DataType.FLOAT))) {
      timeSteps(trainer, steps, stop);
    }
    SteadyTime passes = new SteadyTime(cap / 4);
    FlowMapSampler sampler = new FlowMapSampler(compute.newNetwork(c, DataType.FLOAT), 1.0,
        Integrator.MAP, PASS_ROWS);
    float[] xy = new float[2 * PASS_ROWS];
    for (long seed = 0; !passes.done(); seed++) {
      checkStop(stop);
      long t0 = System.nanoTime();
      sampler.generate(PASS_STEPS, seed, PASS_ROWS, xy);
      passes.add((System.nanoTime() - t0) / 1e9);
    }
    double perStep = steps.seconds();
    double perRowPass = passes.seconds() / ((double) PASS_STEPS * PASS_ROWS);
    double elapsed = (System.currentTimeMillis() - startMillis) / 1e3;
    return new Plan(steps(c, perStep, perRowPass, elapsed), perStep, perRowPass, elapsed,
        c.train().minutes() * 60, steps.samples(), steps.steady());
  }

  /** The step timing's cap: {@link #CAP_SECONDS}, or {@link #CAP_SHARE} of the budget if less. */
  static double capSeconds(RunConfig c) {
    return Math.min(CAP_SECONDS, CAP_SHARE * c.train().minutes() * 60);
  }

  /**
   * Runs the trainer's steps through the run's pipeline stages, feeding {@code timing} the time
   * from one step event to the next, until it is done. A throwaway run that diverges ends the
   * timing with what it has measured.
   */
  private static void timeSteps(Trainer trainer, SteadyTime timing, BooleanSupplier stop) {
    checkStop(stop);
    long[] last = {System.nanoTime()};
    try {
      TrainingPipeline.steps(trainer, 1, Long.MAX_VALUE, StageTap.NAME_ONLY)
          .takeUntil(e -> {
            long now = System.nanoTime();
            boolean done = timing.add((now - last[0]) / 1e9);
            last[0] = now;
            return done || stop.getAsBoolean();
          })
          .blockLast();
    } catch (DivergedException e) {
      if (timing.samples() == 0) {
        throw e;
      }
    }
    checkStop(stop);
  }

  private static void checkStop(BooleanSupplier stop) {
    if (stop.getAsBoolean()) {
      throw new StopRequest.Stopped("the step timing for train.minutes");
    }
  }

  /**
   * {@code c} with train.steps from {@link #plan} for a run that began at {@code startMillis}
   * (wall clock), or {@code c} itself without a budget; the plan is printed to {@code log}.
   */
  public static RunConfig resolve(ComputeContext compute, RunConfig c, long startMillis,
                                  BooleanSupplier stop, java.io.PrintStream log) {
    if (c.train().minutes() == 0) {
      return c;
    }
    Plan p = plan(compute, c, startMillis, stop);
    if (log != null) {
      log.println(p);
    }
    fits(c, p);
    return c.withTrain(c.train().withSteps(p.steps()));
  }
}

package dev.flowmap.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.flowmap.config.ConfigException;
import dev.flowmap.config.ConfigLoader;
import dev.flowmap.config.RunConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** train.minutes: the steps that fit a budget, from measured step and sampler-pass times. */
class StepBudgetTest {
  private static RunConfig config(String... sets) {
    return ConfigLoader.fromYamlString("train: {minutes: 10, eval_every: 500, eval_samples: 5000}\n"
        + "eval: {steps: [1, 2, 4], samples: 20000}\n", List.of(sets));
  }

  /** The whole run's time for S steps as the plan counts it: periodic evaluations every E steps. */
  private static double runSeconds(RunConfig c, long steps, double step, double rowPass, double elapsed,
                                   int passesPerN) {
    int perN = 7 * passesPerN; // 1 + 2 + 4
    return elapsed + steps * step + (steps / c.train().evalEvery()) * rowPass * perN * c.train().evalSamples()
        + rowPass * perN * c.eval().samples();
  }

  @Test
  void theStepsFillNinetyFivePercentOfTheBudgetEvaluationsIncluded() {
    RunConfig c = config();
    double step = 0.05;
    double rowPass = 2e-6;
    double elapsed = 12;
    long s = StepBudget.steps(c, step, rowPass, elapsed);
    // by hand: 0.95 * 600 - 12 - 2e-6 * 7 * 20000 = 557.72 s for steps of 0.05 + 2e-6 * 7 * 5000 / 500
    assertThat(s).isEqualTo((long) Math.floor(557.72 / 0.05014));
    assertThat(runSeconds(c, s, step, rowPass, elapsed, 1)).isLessThanOrEqualTo(0.95 * 600);
    assertThat(runSeconds(c, s + 3, step, rowPass, elapsed, 1)).isGreaterThan(0.95 * 600);
    RunConfig heun = config("eval.sampler=heun");
    long h = StepBudget.steps(heun, step, rowPass, elapsed);
    assertThat(h).isLessThan(s);
    assertThat(runSeconds(heun, h, step, rowPass, elapsed, 2)).isLessThanOrEqualTo(0.95 * 600);
    RunConfig noPeriodic = config("train.eval_every=0");
    assertThat(StepBudget.steps(noPeriodic, step, rowPass, elapsed))
        .isEqualTo((long) Math.floor((0.95 * 600 - 12 - 2e-6 * 7 * 20000) / 0.05));
    assertThat(StepBudget.steps(c, step, rowPass, 10_000)).as("a budget already spent").isEqualTo(1);
  }

  @Test
  void withoutABudgetTheConfigIsUntouchedAndBadBudgetsAreConfigErrors() {
    RunConfig off = ConfigLoader.fromYamlString("train: {steps: 77}", List.of());
    assertThat(off.train().minutes()).isZero();
    assertThat(StepBudget.resolve(ComputeContext.create(), off, System.currentTimeMillis(), () -> true, null)).isSameAs(off);
    assertThatThrownBy(() -> ConfigLoader.fromYamlString("train: {minutes: -2}", List.of()))
        .hasMessageContaining("train.minutes").hasMessageContaining("-2");
  }

  /**
   * A budget that leaves no more steps than a cosine schedule's warm-up is a config error naming
   * train.minutes (it ended in the schedule's own check, with a stack trace, on a loaded machine).
   */
  @Test
  void aBudgetTooSmallForTheCosineWarmupIsAConfigError() {
    RunConfig c = ConfigLoader.fromYamlString(
        "optim: {schedule: cosine, warmup: 200}\ntrain: {minutes: 1.5}", List.of());
    StepBudget.Plan few = new StepBudget.Plan(1, 0.356, 1.6e-4, 28, 90, 40, true);
    assertThatThrownBy(() -> StepBudget.fits(c, few)).isInstanceOf(ConfigException.class)
        .hasMessage("train.minutes 1.5 leaves time for 1 steps on this machine (356.0 ms per step,"
            + " 28 s before training, about 496 s for the final evaluation), and optim.schedule"
            + " cosine needs more than optim.warmup 200: raise train.minutes, or lower eval.samples"
            + " or optim.warmup");
    StepBudget.fits(c, new StepBudget.Plan(201, 0.05, 2e-6, 10, 90, 40, true));
    StepBudget.fits(ConfigLoader.fromYamlString("optim: {warmup: 200}", List.of()), few); // constant
  }

  /** A measured plan on a tiny config: its steps are what the formula gives for its measurements. */
  @Test
  void aMeasuredPlanSetsTheStepsItsMeasurementsGive() {
    RunConfig c = ConfigLoader.load(Path.of("../configs/smoke.yaml"), List.of("train.minutes=0.5",
        "train.threads=1"));
    long began = System.currentTimeMillis();
    StepBudget.Plan p = StepBudget.plan(ComputeContext.create(), c, began, () -> false);
    assertThat(p.secondsPerStep()).isPositive();
    assertThat(p.secondsPerRowPass()).isPositive();
    assertThat(p.steps()).isEqualTo(StepBudget.steps(c, p.secondsPerStep(), p.secondsPerRowPass(),
        p.elapsedSeconds()));
    assertThat(p.toString()).contains("train.steps = " + p.steps());
    assertThat(p.timedSteps()).as("at least a round of steps, or the cap").isPositive();
    RunConfig resolved = StepBudget.resolve(ComputeContext.create(), c, began, () -> false, null);
    assertThat(resolved.train().minutes()).isEqualTo(0.5);
    assertThat(resolved.withTrain(resolved.train().withSteps(c.train().steps()))).isEqualTo(c);
    assertThatThrownBy(() -> StepBudget.plan(ComputeContext.create(), c, began, () -> true)).isInstanceOf(StopRequest.Stopped.class);
  }

  /** The printed plan: the format as before, with how many timed steps it took to settle. */
  @Test
  void thePlanLineSaysHowTheTimingEnded() {
    assertThat(new StepBudget.Plan(95_190, 0.0161, 3.75e-6, 21, 1680, 84, true).toString())
        .isEqualTo("train.minutes 28.0: 16.1 ms per step (steady after 84 timed steps), 3.75 us"
            + " per sample and network pass when sampling, 21 s spent before training:"
            + " train.steps = 95190");
    assertThat(new StepBudget.Plan(6726, 0.0226, 4.2e-6, 7, 180, 230, false).toString())
        .isEqualTo("train.minutes 3.0: 22.6 ms per step (230 timed steps, not steady by the time"
            + " cap), 4.20 us per sample and network pass when sampling, 7 s spent before training:"
            + " train.steps = 6726");
  }

  /** The timing's cap: 3% of a short budget, 20 s of a long one. */
  @Test
  void theTimingIsCappedByTheBudget() {
    assertThat(StepBudget.capSeconds(config("train.minutes=3"))).isCloseTo(5.4, within(1e-9));
    assertThat(StepBudget.capSeconds(config("train.minutes=28"))).isEqualTo(20);
  }

  /**
   * The throwaway trainer shares nothing with the run: the first steps of a run give the same
   * bits whether or not a plan was timed before it in the same compute context.
   */
  @Test
  void theTimingLeavesTheRunsBitsAlone() {
    RunConfig c = ConfigLoader.load(Path.of("../configs/smoke.yaml"), List.of("train.minutes=0.2",
        "train.threads=2", "optim.ema=0.999"));
    ComputeContext compute = ComputeContext.create();
    float[] before = firstSteps(compute, c);
    StepBudget.plan(compute, c, System.currentTimeMillis(), () -> false);
    assertThat(firstSteps(compute, c)).containsExactly(before);
  }

  /** The weights and EMA after three steps of a fresh trainer of {@code c}. */
  private static float[] firstSteps(ComputeContext compute, RunConfig c) {
    try (Trainer t = new Trainer(c, compute.newNetwork(c, DataType.FLOAT))) {
      TrainingPipeline.steps(t, 1, 3, StageTap.NAME_ONLY).blockLast();
      float[] w = t.network().params().toFloatVector();
      float[] ema = t.ema().weights().toFloatVector();
      float[] both = java.util.Arrays.copyOf(w, w.length + ema.length);
      System.arraycopy(ema, 0, both, w.length, ema.length);
      return both;
    }
  }

  /** A resume with the same budget keeps the steps it chose; another budget takes the steps asked. */
  @Test
  void aResumeWithTheSameBudgetKeepsTheChosenSteps() {
    RunConfig chosen = config().withTrain(config().train().withSteps(12_345));
    RunConfig asked = config();
    ConfigChange.Resolved same = ConfigChange.resolve(chosen, asked, Path.of("run"));
    assertThat(same.config().train().steps()).isEqualTo(12_345);
    assertThat(same.notice()).isNull();
    RunConfig other = ConfigLoader.fromYamlString("train: {minutes: 20, eval_every: 500, eval_samples: 5000}\n"
        + "eval: {steps: [1, 2, 4], samples: 20000}\n", List.of());
    ConfigChange.Resolved changed = ConfigChange.resolve(chosen, other, Path.of("run"));
    assertThat(changed.config().train().steps()).isEqualTo(other.train().steps());
    assertThat(changed.notice()).contains("train.minutes 10.0 -> 20.0");
  }
}

package dev.flowmap.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flowmap.config.ConfigLoader;
import dev.flowmap.config.RunConfig;
import dev.flowmap.data.Batch;
import dev.flowmap.data.BatchSampler;
import dev.flowmap.loss.LossSpec;
import dev.flowmap.loss.LossTerms;
import dev.flowmap.loss.Objective;
import dev.flowmap.model.FlowMapMlp;
import dev.flowmap.model.Gradient;
import dev.flowmap.model.Ops;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@code train.late_batches}: a late step's gradient and terms are the mean of its k batches',
 * each batch drawn from its own stream, and every step before the late ones keeps the bits of a
 * run without them.
 */
class LateBatchesTest {
  private static final Path SMOKE = Path.of("../configs/smoke.yaml");

  @AfterEach
  void restoreTheDefaultSplit() {
    Threads.apply(0);
  }

  private static RunConfig smoke(String... sets) {
    return ConfigLoader.load(SMOKE, new ArrayList<>(List.of(sets)));
  }

  /**
   * In double, on one worker and on two: the trainer's gradient for a late step of k = 3 against
   * the mean of three whole-batch gradients, each computed alone by a fresh objective from the
   * step's batches 0, 1 and 2; batch 0 is the step's usual batch and the others differ from it.
   */
  @ParameterizedTest
  @CsvSource({"lsd,1", "lsd,2", "psd-m,2", "fm,1"})
  void aLateStepIsTheMeanOfItsBatches(String method, int workers) {
    RunConfig c = smoke("loss.method=" + method, "train.steps=10", "train.late_batches=3",
        "train.late_from=0.5", "train.threads=" + workers);
    Threads.apply(workers);
    long step = 8;
    FlowMapMlp net = RunSetup.newNetwork(c, DataType.DOUBLE, Ops.standard());
    try (Trainer trainer = new Trainer(c, net)) {
      LossTerms terms = trainer.computeLoss(trainer.fill(trainer.newBatch(), step)).terms();
      double[] late = trainer.gradient().flat().toDoubleVector();

      LossSpec spec = c.loss().spec(c.train().batch());
      BatchSampler sampler = new BatchSampler(RunSetup.board(c), RunSetup.baseSigma(c), spec.diagCount(),
          spec.offCount(), c.loss().times(), spec.method().uniformSplit(), c.train().seed(), c.loss().pairs());
      Batch usual = sampler.newBatch();
      sampler.fill(usual, step);
      Objective alone = Objective.create(net, spec);
      Gradient g = new Gradient(net);
      double[] mean = new double[late.length];
      double diag = 0;
      double main = 0;
      float[] firstX0 = null;
      for (int part = 0; part < 3; part++) {
        Batch b = sampler.newBatch();
        sampler.fill(b, step, part);
        if (part == 0) {
          assertThat(b.x0Diag).as("part 0 is the step's usual batch").isEqualTo(usual.x0Diag);
          firstX0 = b.x0Diag;
        } else {
          assertThat(Arrays.equals(b.x0Diag, firstX0)).as("part %d draws its own batch", part).isFalse();
        }
        LossTerms t = alone.compute(b, g);
        diag += t.diag() / 3;
        main += t.main() / 3;
        double[] gj = g.flat().toDoubleVector();
        for (int i = 0; i < mean.length; i++) {
          mean[i] += gj[i] / 3;
        }
      }
      double scale = Arrays.stream(mean).map(Math::abs).max().orElseThrow();
      assertThat(scale).isPositive();
      for (int i = 0; i < mean.length; i++) {
        assertThat(late[i]).as("gradient entry %d", i).isCloseTo(mean[i], within(1e-12 * scale));
      }
      assertThat(terms.diag()).isCloseTo(diag, within(1e-12 * Math.abs(diag)));
      assertThat(terms.main()).isCloseTo(main, within(1e-12 * Math.abs(main) + 1e-300));
    }
  }

  /**
   * Float, two workers, the fused path: ten steps with k = 2 after half of them against ten
   * without late batches. Steps 1 to 5 give the same losses, gradient norms and weights bit for
   * bit; steps 6 to 10 differ; and a second run with late batches repeats the first exactly.
   */
  @Test
  void stepsBeforeTheLateOnesKeepTheirBitsAndLateStepsRepeat() {
    Threads.apply(2);
    RunConfig plain = smoke("train.steps=10", "train.threads=2", "optim.ema=0.99");
    RunConfig late = smoke("train.steps=10", "train.threads=2", "optim.ema=0.99",
        "train.late_batches=2", "train.late_from=0.5");
    List<StepEvent> a = run(plain);
    List<StepEvent> b = run(late);
    List<StepEvent> again = run(late);
    for (int i = 0; i < 5; i++) {
      assertThat(b.get(i).losses()).as("step %d", i + 1).isEqualTo(a.get(i).losses());
      assertThat(b.get(i).gradNorm()).as("step %d", i + 1).isEqualTo(a.get(i).gradNorm());
    }
    for (int i = 5; i < 10; i++) {
      assertThat(b.get(i).losses()).as("step %d", i + 1).isNotEqualTo(a.get(i).losses());
    }
    for (int i = 0; i < 10; i++) {
      assertThat(again.get(i).losses()).as("step %d again", i + 1).isEqualTo(b.get(i).losses());
      assertThat(again.get(i).gradNorm()).as("step %d again", i + 1).isEqualTo(b.get(i).gradNorm());
    }
  }

  private static List<StepEvent> run(RunConfig c) {
    List<StepEvent> events = new ArrayList<>();
    try (Trainer t = new Trainer(c, RunSetup.newNetwork(c, DataType.FLOAT, Ops.standard()))) {
      Batch b = t.newBatch();
      for (long step = 1; step <= c.train().steps(); step++) {
        events.add(t.applyUpdate(t.computeLoss(t.fill(b, step))));
      }
    }
    return events;
  }

  @Test
  void theLateStepsAreTheOnesAfterTheShare() {
    var t = smoke("train.steps=10", "train.late_batches=4", "train.late_from=0.8").train();
    assertThat(t.lastSingleBatchStep()).isEqualTo(8);
    assertThat(t.batchesAt(8)).isEqualTo(1);
    assertThat(t.batchesAt(9)).isEqualTo(4);
    assertThat(t.batchesAt(10)).isEqualTo(4);
    var all = smoke("train.steps=10", "train.late_batches=2", "train.late_from=0").train();
    assertThat(all.batchesAt(1)).as("late_from 0: every step").isEqualTo(2);
    var off = smoke("train.steps=10", "train.late_from=0").train();
    assertThat(off.batchesAt(1)).as("late_batches 1: none").isEqualTo(1);
    assertThat(off.batchesAt(10)).isEqualTo(1);
    assertThat(off.lastSingleBatchStep()).isEqualTo(10);
  }

  /** The time budget counts a late step as k steps: fewer steps fit, by the mean batches a step takes. */
  @Test
  void aBudgetCountsTheLateBatches() {
    RunConfig plain = smoke("train.minutes=10", "train.eval_every=0");
    RunConfig late = smoke("train.minutes=10", "train.eval_every=0", "train.late_batches=3",
        "train.late_from=0.5");
    double step = 0.01;
    double rowPass = 1e-7;
    long s1 = StepBudget.steps(plain, step, rowPass, 20);
    long s3 = StepBudget.steps(late, step, rowPass, 20);
    double left = StepBudget.PLANNED * 600 - 20 - StepBudget.finalEvalSeconds(plain, rowPass);
    assertThat(s1).isEqualTo((long) Math.floor(left / step));
    assertThat(s3).isEqualTo((long) Math.floor(left / (step * (0.5 + 0.5 * 3))));
  }
}

package dev.flowmap.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmap.config.RunConfig;
import dev.flowmap.data.Batch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * optim.rollback_norm: a step whose gradient norm is above the limit is not applied; the weights,
 * moments and EMA go back to the rollback point and the learning rate halves, at most
 * {@link Trainer#MAX_ROLLBACKS} times; the count survives a resume through the checkpoint.
 */
class RollbackTest {
  @TempDir
  Path tmp;

  private static RunConfig config(String rollbackNorm, long steps) {
    return TrainingPipelineTest.smoke("optim.rollback_norm=" + rollbackNorm, "train.steps=" + steps,
        "train.eval_every=0", "train.checkpoint_every=2", "eval.samples=2000", "optim.ema=0.9");
  }

  private static StepEvent step(Trainer t, Batch b, long step) {
    return t.applyUpdate(t.computeLoss(t.fill(b, step)));
  }

  @Test
  void aStepAboveTheLimitRestoresTheMarkedStateAndHalvesTheLearningRateUntilTheRunDiverges() {
    try (Trainer t = TrainingPipelineTest.trainer(config("1e-30", 10))) {
      Batch b = t.newBatch();
      t.markRollbackPoint(0);
      INDArray weights = t.network().params().dup();
      List<INDArray> moments = t.optimizer().state();
      INDArray ema = t.ema().weights().dup();
      for (int k = 1; k <= Trainer.MAX_ROLLBACKS; k++) {
        StepEvent e = step(t, b, k);
        assertThat(e.skipped()).as("step %d rolled back", k).isTrue();
        assertThat(e.gradNorm()).isPositive();
        assertThat(t.rollbacks()).isEqualTo(k);
        assertThat(t.lrScale()).isEqualTo(Math.pow(0.5, k));
        assertThat(t.rollbackPoint()).isZero();
        assertThat(t.network().params()).isEqualTo(weights);
        assertThat(t.ema().weights()).isEqualTo(ema);
        assertThat(t.optimizer().state()).isEqualTo(moments);
      }
      assertThatThrownBy(() -> step(t, b, Trainer.MAX_ROLLBACKS + 1))
          .isInstanceOf(DivergedException.class);
    }
  }

  @Test
  void belowTheLimitEveryStepIsTheSameBitsAsWithoutRollbacks() {
    try (Trainer on = TrainingPipelineTest.trainer(config("1e30", 10));
         Trainer off = TrainingPipelineTest.trainer(config("0", 10))) {
      Batch b1 = on.newBatch();
      Batch b2 = off.newBatch();
      on.markRollbackPoint(0);
      for (int s = 1; s <= 6; s++) {
        StepEvent a = step(on, b1, s);
        StepEvent c = step(off, b2, s);
        assertThat(a.skipped()).isFalse();
        assertThat(a.losses()).isEqualTo(c.losses());
        assertThat(a.learningRate()).isEqualTo(c.learningRate());
        if (s % 2 == 0) {
          on.markRollbackPoint(s);
        }
      }
      assertThat(on.network().params()).isEqualTo(off.network().params());
    }
  }

  @Test
  void theRollbackCountIsLoggedSavedAndCarriedThroughAResume() throws Exception {
    RunDirectory dir = new RunDirectory(tmp.resolve("run"));
    RunConfig three = config("1e-30", 3);
    INDArray initial = RunSetup.newNetwork(three, org.nd4j.linalg.api.buffer.DataType.FLOAT,
        dev.flowmap.model.Ops.standard()).params().dup();
    new TrainingRun(three, dir, null, TrainingRun.Options.quiet()).run();
    Checkpoint ck = Checkpoint.read(dir.checkpoint());
    assertThat(ck.rollbacks()).isEqualTo(3);
    assertThat(ck.params().reshape(initial.shape())).isEqualTo(initial);
    assertThat(Files.readAllLines(dir.path().resolve("train.jsonl")))
        .filteredOn(l -> l.contains("\"rolled_back\":true")).hasSize(3);

    // two more rollbacks are allowed after the resume, then the next spike ends the run
    RunConfig five = config("1e-30", 5);
    TrainingRun.Result r = new TrainingRun(five, new RunDirectory(tmp.resolve("run")),
        Checkpoint.read(dir.checkpoint()), TrainingRun.Options.quiet()).run();
    assertThat(r.lastStep()).isEqualTo(5);
    assertThat(Checkpoint.read(dir.checkpoint()).rollbacks()).isEqualTo(Trainer.MAX_ROLLBACKS);
    RunConfig six = config("1e-30", 6);
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> new TrainingRun(six,
        new RunDirectory(tmp.resolve("run")), Checkpoint.read(dir.checkpoint()),
        TrainingRun.Options.quiet()).run());
    Throwable cause = thrown;
    while (cause != null && !(cause instanceof DivergedException)) {
      cause = cause.getCause();
    }
    assertThat(cause).as("a DivergedException in %s", thrown).isInstanceOf(DivergedException.class);
  }
}

package dev.flowmap.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.flowmap.config.ConfigLoader;
import dev.flowmap.config.RunConfig;
import dev.flowmap.data.Batch;
import dev.flowmap.data.BatchSampler;
import dev.flowmap.loss.Faults;
import dev.flowmap.loss.LossSpec;
import dev.flowmap.loss.LossTerms;
import dev.flowmap.model.FlowMapMlp;
import dev.flowmap.model.Gradient;
import dev.flowmap.model.Ops;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The row split's fixed-order reduction: W workers give the whole batch's loss and gradient (the
 * same as one worker within float rounding), and the same W gives the same bits every time.
 */
class RowSplitTest {
  private static final Path SMOKE = Path.of("../configs/smoke.yaml");

  private record Result(LossTerms terms, float[] grad) {}

  private static Result step(RunConfig c, FlowMapMlp net, int workers) {
    LossSpec spec = c.loss().spec(c.train().batch());
    BatchSampler sampler = new BatchSampler(RunSetup.board(c), RunSetup.baseSigma(c),
        spec.diagCount(), spec.offCount(), c.loss().times(), spec.method().uniformSplit(),
        c.train().seed());
    Batch batch = sampler.newBatch();
    sampler.fill(batch, 5);
    Scheduler pool = workers > 1 ? Schedulers.newParallel("test-worker", workers - 1, true) : null;
    try {
      RowSplit split = new RowSplit(net, spec, Faults.NONE, workers, pool);
      Gradient g = new Gradient(net);
      split.compute(batch, g); // a first step, so the second runs on bound ops
      LossTerms t = split.compute(batch, g);
      return new Result(t, g.flat().toFloatVector());
    } finally {
      if (pool != null) {
        pool.dispose();
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"lsd,seed", "psd-m,seed", "psd-u,notebook", "esd,paper", "fm,seed"})
  void twoAndThreeWorkersGiveOneWorkersLossAndGradient(String method, String composition) {
    RunConfig c = ConfigLoader.load(SMOKE, new ArrayList<>(List.of("loss.method=" + method,
        "loss.composition=" + composition, "train.batch=101")));
    FlowMapMlp net = RunSetup.newNetwork(c, DataType.FLOAT, Ops.standard());
    Result one = step(c, net, 1);
    for (int w : new int[] {2, 3}) {
      Result many = step(c, net, w);
      assertThat(many.terms().diag()).isCloseTo(one.terms().diag(), within(1e-5 * Math.abs(one.terms().diag()) + 1e-9));
      assertThat(many.terms().main()).isCloseTo(one.terms().main(), within(1e-5 * Math.abs(one.terms().main()) + 1e-9));
      double scale = 0;
      for (float v : one.grad()) {
        scale = Math.max(scale, Math.abs(v));
      }
      assertThat(scale).isPositive();
      for (int i = 0; i < one.grad().length; i++) {
        assertThat((double) many.grad()[i]).as("gradient entry %d with %d workers", i, w)
            .isCloseTo(one.grad()[i], within(1e-4 * scale));
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"lsd", "psd-u", "esd"})
  void theSameWorkerCountGivesTheSameBits(String method) {
    RunConfig c = ConfigLoader.load(SMOKE, new ArrayList<>(List.of("loss.method=" + method)));
    FlowMapMlp net = RunSetup.newNetwork(c, DataType.FLOAT, Ops.standard());
    Result a = step(c, net, 2);
    Result b = step(c, net, 2);
    assertThat(b.terms()).isEqualTo(a.terms());
    assertThat(b.grad()).containsExactly(a.grad());
  }

  /** Whole training steps (loss, reduction, optimizer) on two workers, twice: the same weights bit for bit. */
  @org.junit.jupiter.api.Test
  void twoTrainingRunsOnTwoWorkersAgreeBitForBit() {
    RunConfig c = ConfigLoader.load(SMOKE, new ArrayList<>(List.of("train.threads=2", "optim.ema=0.9")));
    float[][] params = new float[2][];
    for (int run = 0; run < 2; run++) {
      try (Trainer trainer = new Trainer(c, RunSetup.newNetwork(c, DataType.FLOAT, Ops.standard()))) {
        assertThat(trainer.workers()).isEqualTo(2);
        Batch b = trainer.newBatch();
        for (int i = 1; i <= 6; i++) {
          trainer.applyUpdate(trainer.computeLoss(trainer.fill(b, i)));
        }
        params[run] = trainer.network().params().toFloatVector();
      }
    }
    assertThat(params[1]).containsExactly(params[0]);
  }

  /** A trainer owns its worker pool: closing it disposes the pool, so no later step can run on it. */
  @org.junit.jupiter.api.Test
  void closingATrainerDisposesItsWorkerPool() {
    RunConfig c = ConfigLoader.load(SMOKE, new ArrayList<>(List.of("train.threads=2")));
    Trainer trainer = new Trainer(c, RunSetup.newNetwork(c, DataType.FLOAT, Ops.standard()));
    Batch b = trainer.newBatch();
    trainer.computeLoss(trainer.fill(b, 1));
    trainer.close();
    assertThatThrownBy(() -> trainer.computeLoss(trainer.fill(b, 2)))
        .isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
  }

  @org.junit.jupiter.api.Test
  void moreThanOneWorkerNeedsAPool() {
    RunConfig c = ConfigLoader.load(SMOKE, new ArrayList<>());
    FlowMapMlp net = RunSetup.newNetwork(c, DataType.FLOAT, Ops.standard());
    assertThatThrownBy(() -> new RowSplit(net, c.loss().spec(64), Faults.NONE, 2, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 workers need a pool");
  }
}

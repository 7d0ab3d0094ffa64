package dev.flowmap.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmap.config.ConfigLoader;
import dev.flowmap.config.RunConfig;
import dev.flowmap.data.Batch;
import dev.flowmap.model.Ops;
import dev.flowmap.optim.SplitUpdate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The optimizer stage split over a step's workers ({@link SplitUpdate}) leaves every bit as the
 * stage on one thread does: weights, moments and EMA after whole training steps on two workers,
 * with the split switched on and off ({@code -Dflowmap.splitOptimizer}).
 */
class TrainerTest {
  private static final Path SMOKE = Path.of("../configs/smoke.yaml");
  private static final int STEPS = 20;
  /** A clip norm that some of the smoke run's steps exceed and some do not. */
  private static final double CLIP = 0.4;

  @AfterEach
  void restoreTheDefaultSplit() {
    Threads.apply(0);
  }

  @ParameterizedTest
  @CsvSource({"lsd,adamw", "psd-m,adam", "esd,radam"})
  void theSplitOptimizerStageGivesTheOneThreadStagesBits(String method, String optimizer) {
    RunConfig c = ConfigLoader.load(SMOKE, new ArrayList<>(List.of("loss.method=" + method,
        "optim.name=" + optimizer, "optim.weight_decay=1e-3", "optim.clip=" + CLIP, "optim.ema=0.99",
        "train.threads=2")));
    Threads.apply(2);
    assertThat(SplitUpdate.applies()).as("one BLAS thread per worker").isTrue();
    float[] split = train(c, true);
    float[] serial = train(c, false);
    assertThat(java.util.Arrays.mismatch(split, serial)).as("first differing value").isEqualTo(-1);
  }

  /** Weights, moments and EMA after {@link #STEPS} steps, one after the other; asserts that the clip was hit on some steps only. */
  private static float[] train(RunConfig c, boolean splitOptimizer) {
    Ops ops = Ops.of(true, Ops.DEFAULT_ROW_BLOCK, Ops.DEFAULT_DIRECT_GEMM, splitOptimizer);
    List<float[]> out = new ArrayList<>();
    int clipped = 0;
    int unclipped = 0;
    try (Trainer trainer = new Trainer(c, RunSetup.newNetwork(c, DataType.FLOAT, ops))) {
      Batch b = trainer.newBatch();
      for (int i = 1; i <= STEPS; i++) {
        StepEvent e = trainer.applyUpdate(trainer.computeLoss(trainer.fill(b, i)));
        clipped += e.gradNorm() > CLIP ? 1 : 0;
        unclipped += e.gradNorm() > CLIP ? 0 : 1;
      }
      out.add(trainer.network().params().toFloatVector());
      out.add(trainer.ema().weights().toFloatVector());
      for (INDArray a : trainer.optimizer().state()) {
        out.add(a.toFloatVector());
      }
    }
    assertThat(clipped).as("steps clipped").isPositive();
    assertThat(unclipped).as("steps not clipped").isPositive();
    int len = out.stream().mapToInt(a -> a.length).sum();
    float[] all = new float[len];
    int off = 0;
    for (float[] a : out) {
      System.arraycopy(a, 0, all, off, a.length);
      off += a.length;
    }
    return all;
  }
}

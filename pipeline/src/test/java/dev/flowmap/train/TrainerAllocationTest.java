package dev.flowmap.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmap.config.ConfigLoader;
import dev.flowmap.config.RunConfig;
import dev.flowmap.data.Batch;
import dev.flowmap.model.Ops;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A training step (loss, gradient, optimizer update) creates no native buffer and no op context
 * once warmed up. ND4J 1.0.0-M2.1 takes one id from the deallocator service's counter for each
 * native buffer or op context it creates, so the counter's advance over the loop, less our own
 * read, is exact (see {@code OptimizerKindTest}).
 */
class TrainerAllocationTest {
  private static final Path SMOKE = Path.of("../configs/smoke.yaml");
  private static final int WARMUP = 3;
  private static final int STEPS = 20;

  @ParameterizedTest
  @ValueSource(strings = {"fm", "lsd", "psd-m", "psd-u", "esd"})
  void smokeStepsAllocateNothingOffHeap(String method) {
    assertThat(allocations(List.of("loss.method=" + method))).as("native allocations in %d steps", STEPS)
        .isZero();
  }

  /** The other branches: GELU, scaled inputs and outputs, velocity-form PSD, paper weights, RAdam with clipping and EMA. */
  @ParameterizedTest
  @ValueSource(strings = {"lsd", "psd-u", "esd"})
  void paperOptionsAllocateNothingOffHeap(String method) {
    assertThat(allocations(List.of("loss.method=" + method, "model.activation=gelu",
        "data.scale=data_std", "loss.psd_form=velocity", "loss.composition=paper",
        "loss.times=paper", "optim.name=radam", "optim.clip=10", "optim.ema=0.999"))).as("native allocations in %d steps", STEPS).isZero();
  }

  /** Split over two workers: each worker's passes and gradient, and the reduction, are bound once. */
  @ParameterizedTest
  @ValueSource(strings = {"fm", "lsd", "psd-m", "esd"})
  void twoWorkersAllocateNothingOffHeap(String method) {
    assertThat(allocations(List.of("loss.method=" + method, "train.threads=2")))
        .as("native allocations in %d steps", STEPS).isZero();
  }

  /**
   * Two workers with one BLAS thread each, as a run sets them: the optimizer stage then runs split
   * over the workers, each part on views bound once.
   */
  @ParameterizedTest
  @ValueSource(strings = {"adamw", "radam"})
  void theSplitOptimizerStageAllocatesNothingOffHeap(String optimizer) {
    Threads.apply(2);
    try {
      assertThat(dev.flowmap.optim.SplitUpdate.applies()).isTrue();
      assertThat(allocations(List.of("loss.method=lsd", "optim.name=" + optimizer, "optim.clip=1",
          "optim.ema=0.999", "optim.weight_decay=1e-4", "train.threads=2")))
          .as("native allocations in %d steps", STEPS).isZero();
    } finally {
      Threads.apply(0);
    }
  }

  /**
   * With Fourier features of x and of the times, whose fills and tangents run on every pass (that
   * the fills allocate nothing on the heap either is {@code FourierFeaturesTest}'s).
   */
  @ParameterizedTest
  @ValueSource(strings = {"fm", "lsd", "psd-m", "esd"})
  void fourierFeaturesAllocateNothingOffHeap(String method) {
    assertThat(allocations(List.of("loss.method=" + method, "model.fourier=16", "model.time_features=fourier",
        "train.threads=2"))).as("native allocations in %d steps", STEPS).isZero();
  }

  /**
   * The end-game options: late batches (the extra batch drawn into its own buffer) and adaptive
   * gap bins (row weights set and residuals tallied on the host), on two workers.
   */
  @org.junit.jupiter.api.Test
  void lateBatchesAndAdaptiveBinsAllocateNothingOffHeap() {
    assertThat(allocations(List.of("train.late_batches=2", "train.late_from=0", "loss.adaptive_bins=8",
        "train.threads=2"))).as("native allocations in %d steps", STEPS).isZero();
  }

  @org.junit.jupiter.api.Test
  void theCounterSeesAnAllocation() {
    long before = Nd4j.getDeallocatorService().nextValue();
    Nd4j.create(DataType.FLOAT, 4);
    assertThat(Nd4j.getDeallocatorService().nextValue() - before - 1).isPositive();
  }

  /** Native allocations over {@link #STEPS} steps after warm-up. */
  private static long allocations(List<String> sets) {
    RunConfig config = ConfigLoader.load(SMOKE, new ArrayList<>(sets));
    Trainer trainer = new Trainer(config, RunSetup.newNetwork(config, DataType.FLOAT, Ops.standard()));
    Batch batch = trainer.newBatch();
    for (int i = 1; i <= WARMUP; i++) {
      trainer.applyUpdate(trainer.computeLoss(trainer.fill(batch, i)));
    }
    long before = Nd4j.getDeallocatorService().nextValue();
    for (int i = WARMUP + 1; i <= WARMUP + STEPS; i++) {
      StepEvent e = trainer.applyUpdate(trainer.computeLoss(trainer.fill(batch, i)));
      assertThat(e.losses().get("total")).isFinite();
    }
    return Nd4j.getDeallocatorService().nextValue() - before - 1;
  }
}

package dev.flowmap.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class OptimizerKindTest {

  @Test
  void eachKindBuildsItsOptimizer() {
    assertThat(OptimizerKind.ADAM.create(3, DataType.FLOAT, 0.9, 0.999, 1e-8, 0))
        .isInstanceOf(Adam.class);
    assertThat(OptimizerKind.ADAMW.create(3, DataType.FLOAT, 0.9, 0.999, 1e-8, 1e-4))
        .isInstanceOf(Adam.class);
    assertThat(OptimizerKind.RADAM.create(3, DataType.FLOAT, 0.9, 0.999, 1e-8, 0))
        .isInstanceOf(RAdam.class);
  }

  @Test
  void adamwDecaysDecoupledWhereAdamAddsL2() {
    // One step from p = 1, g = 0, wd = 0.5, lr = 0.1: AdamW shrinks p to 0.95 and then has a zero
    // gradient; Adam sees g = 0.5 and takes a full normalised step of lr.
    INDArray adamP = Nd4j.ones(DataType.DOUBLE, 1);
    INDArray adamwP = Nd4j.ones(DataType.DOUBLE, 1);
    INDArray zero = Nd4j.zeros(DataType.DOUBLE, 1);
    OptimizerKind.ADAM.create(1, DataType.DOUBLE, 0.9, 0.999, 0, 0.5).step(adamP, zero, 1, 0.1);
    OptimizerKind.ADAMW.create(1, DataType.DOUBLE, 0.9, 0.999, 1e-8, 0.5).step(adamwP, zero, 1, 0.1);
    assertThat(adamP.getDouble(0)).isCloseTo(0.9, within(1e-12));
    assertThat(adamwP.getDouble(0)).isCloseTo(0.95, within(1e-12));
  }

  @Test
  void rejectsBadHyperparameters() {
    assertThatThrownBy(() -> OptimizerKind.ADAM.create(3, DataType.FLOAT, 1.0, 0.999, 1e-8, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beta1");
    assertThatThrownBy(() -> OptimizerKind.ADAM.create(0, DataType.FLOAT, 0.9, 0.999, 1e-8, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 0");
    assertThatThrownBy(() -> OptimizerKind.ADAM.create(3, DataType.INT, 0.9, 0.999, 1e-8, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("INT");
  }

  /**
   * Every native buffer or op context ND4J 1.0.0-M2.1 creates takes an id from the deallocator
   * service's counter ({@code DeallocatorService.nextValue()}, an AtomicLong), so the counter's
   * advance over the loop, less our own read, is the number of off-heap allocations: zero is exact,
   * with no tolerance and no dependence on when the GC runs. {@code Pointer.totalBytes()} alone
   * would not do: in this version ND4J allocates array memory in native code, which JavaCPP does
   * not count (a 4 MB array moves it by about a hundred bytes), so it is checked only as a second,
   * coarse guard against JavaCPP-side allocations.
   */
  @Test
  void optimizerStepsClippingAndEmaAllocateNothingOffHeap() {
    int size = 200_000;
    INDArray params = Nd4j.rand(DataType.FLOAT, size);
    INDArray[] grads = {Nd4j.randn(DataType.FLOAT, size), Nd4j.randn(DataType.FLOAT, size)};
    Ema ema = new Ema(params, 0.999);
    Optimizer[] optimizers = {
        OptimizerKind.ADAM.create(size, DataType.FLOAT, 0.9, 0.999, 1e-8, 1e-4),
        OptimizerKind.ADAMW.create(size, DataType.FLOAT, 0.9, 0.999, 1e-8, 1e-4),
        OptimizerKind.RADAM.create(size, DataType.FLOAT, 0.9, 0.999, 1e-8, 1e-4)};
    LrSchedule schedule = ScheduleKind.SQRT.schedule(1e-3, 10, 100, 0);
    // The paper's setup (RAdam, clipping, EMA) for 1000 steps; Adam and AdamW for 100 each, which
    // is enough as the counter is exact: one allocation per step would show as 100.
    int[] steps = {100, 100, 1000};
    for (int k = 0; k < optimizers.length; k++) {
      Optimizer optimizer = optimizers[k];
      for (long t = 1; t <= 10; t++) { // warm-up: caches of shape descriptors and op metadata
        train(optimizer, params, grads, ema, schedule, t);
      }
      long bytesBefore = Pointer.totalBytes();
      long idBefore = nextNativeId();
      for (long t = 11; t < 11 + steps[k]; t++) {
        train(optimizer, params, grads, ema, schedule, t);
      }
      long allocations = nextNativeId() - idBefore - 1;
      assertThat(allocations)
          .as("native allocations in " + steps[k] + " steps of " + OptimizerKind.values()[k])
          .isZero();
      assertThat(Pointer.totalBytes() - bytesBefore).isLessThan(64 * 1024);
    }
    assertThat(params.sumNumber().doubleValue()).isFinite();
    long idBefore = nextNativeId();
    Nd4j.create(DataType.FLOAT, 4);
    assertThat(nextNativeId() - idBefore - 1).as("the counter sees an allocation").isPositive();
  }

  private static void train(Optimizer optimizer, INDArray params, INDArray[] grads, Ema ema,
      LrSchedule schedule, long t) {
    INDArray grad = grads[(int) (t % 2)];
    GradClip.clipGlobalNorm(grad, 10);
    optimizer.step(params, grad, t, schedule.lr(t));
    ema.update(params);
  }

  private static long nextNativeId() {
    return Nd4j.getDeallocatorService().nextValue();
  }

  @Test
  void betasMayBeZeroButNotOne() {
    for (OptimizerKind kind : OptimizerKind.values()) {
      assertThat(kind.create(4, DataType.DOUBLE, 0.0, 0.0, 1e-8, 0.0)).isNotNull();
      assertThatThrownBy(() -> kind.create(4, DataType.DOUBLE, 1.0, 0.999, 1e-8, 0.0))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beta1");
      assertThatThrownBy(() -> kind.create(4, DataType.DOUBLE, 0.9, 1.0, 1e-8, 0.0))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beta2");
    }
  }

  /** Every optimizer checks the step number and both vectors before touching its state. */
  @Test
  void stepsCheckTheirArguments() {
    for (OptimizerKind kind : OptimizerKind.values()) {
      Optimizer o = kind.create(4, DataType.DOUBLE, 0.9, 0.999, 1e-8, 0.0);
      INDArray params = Nd4j.ones(DataType.DOUBLE, 4);
      INDArray grad = Nd4j.ones(DataType.DOUBLE, 4);
      assertThatThrownBy(() -> o.step(params, grad, 0, 0.1))
          .as(kind.toString()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1-based");
      assertThatThrownBy(() -> o.step(Nd4j.ones(DataType.DOUBLE, 3), grad, 1, 0.1))
          .as(kind.toString()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("params must have length 4");
      assertThatThrownBy(() -> o.step(params, Nd4j.ones(DataType.DOUBLE, 5), 1, 0.1))
          .as(kind.toString()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grad must have length 4");
      assertThat(params.getDouble(0)).isEqualTo(1.0);
    }
  }
}

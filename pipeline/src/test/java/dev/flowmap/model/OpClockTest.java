package dev.flowmap.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which total an op's time goes to, and that nothing is counted while the clock is off; no
 * assertion on how long anything took, only on where the time was added (and that it is no more
 * than the time measured around the call).
 */
class OpClockTest {
  private final INDArray a = Nd4j.rand(DataType.DOUBLE, 64, 64);
  private final INDArray b = Nd4j.rand(DataType.DOUBLE, 64, 64);
  private final INDArray c = Nd4j.create(DataType.DOUBLE, 64, 64);
  private final Ops ops = Ops.standard();
  private final OpClock clock = ops.clock();
  private final Kernel gemm = ops.gemm(a, b, c, false, false, 1.0, 0.0);
  private final Kernel mul = ops.mul(a, b, c);

  @Test
  void countsNothingWhileOff() {
    clock.enable(false);
    clock.reset();
    gemm.run();
    mul.run();
    assertThat(clock.gemmNanos()).isZero();
    assertThat(clock.elementwiseNanos()).isZero();
    // the ops still ran
    assertThat(c.getDouble(3, 5)).isEqualTo(a.getDouble(3, 5) * b.getDouble(3, 5));
  }

  @Test
  void addsGemmAndElementwiseTimeToTheirOwnTotalsUntilReset() {
    clock.reset();
    clock.enable(true);
    long before = System.nanoTime();
    gemm.run();
    long elapsed = System.nanoTime() - before;
    // the op's time, so no more than the time measured around the call
    assertThat(clock.gemmNanos()).isPositive().isLessThanOrEqualTo(elapsed);
    assertThat(clock.elementwiseNanos()).isZero();
    long afterGemm = clock.gemmNanos();
    mul.run();
    assertThat(clock.elementwiseNanos()).isPositive();
    assertThat(clock.gemmNanos()).isEqualTo(afterGemm);
    assertThat(c.getDouble(3, 5)).isEqualTo(a.getDouble(3, 5) * b.getDouble(3, 5));
    clock.reset();
    assertThat(clock.gemmNanos()).isZero();
    assertThat(clock.elementwiseNanos()).isZero();
  }

  @Test
  void fusedKernelTimeGoesToItsOwnTotalUntilReset() {
    Kernel fusedCopy = clock.timedFused(() -> c.assign(a)); // timed once, as fused
    clock.reset();
    clock.enable(false);
    fusedCopy.run();
    assertThat(clock.fusedNanos()).as("off").isZero();
    clock.enable(true);
    long before = System.nanoTime();
    fusedCopy.run();
    long elapsed = System.nanoTime() - before;
    assertThat(clock.fusedNanos()).isPositive().isLessThanOrEqualTo(elapsed);
    assertThat(clock.gemmNanos()).isZero();
    assertThat(clock.elementwiseNanos()).isZero();
    assertThat(c.getDouble(3, 5)).isEqualTo(a.getDouble(3, 5));
    clock.reset();
    assertThat(clock.fusedNanos()).isZero();
  }
}

package dev.flowmap.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
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
  private final Kernel gemm = Kernel.gemm(a, b, c, false, false, 1.0, 0.0);
  private final Kernel mul = Kernel.mul(a, b, c);

  @AfterEach
  void switchOff() {
    OpClock.enable(false);
    OpClock.reset();
  }

  @Test
  void countsNothingWhileOff() {
    OpClock.enable(false);
    OpClock.reset();
    gemm.run();
    mul.run();
    assertThat(OpClock.gemmNanos()).isZero();
    assertThat(OpClock.elementwiseNanos()).isZero();
    // the ops still ran
    assertThat(c.getDouble(3, 5)).isEqualTo(a.getDouble(3, 5) * b.getDouble(3, 5));
  }

  @Test
  void addsGemmAndElementwiseTimeToTheirOwnTotalsUntilReset() {
    OpClock.reset();
    OpClock.enable(true);
    long before = System.nanoTime();
    gemm.run();
    long elapsed = System.nanoTime() - before;
    // the op's time, so no more than the time measured around the call
    assertThat(OpClock.gemmNanos()).isPositive().isLessThanOrEqualTo(elapsed);
    assertThat(OpClock.elementwiseNanos()).isZero();
    long afterGemm = OpClock.gemmNanos();
    mul.run();
    assertThat(OpClock.elementwiseNanos()).isPositive();
    assertThat(OpClock.gemmNanos()).isEqualTo(afterGemm);
    assertThat(c.getDouble(3, 5)).isEqualTo(a.getDouble(3, 5) * b.getDouble(3, 5));
    OpClock.reset();
    assertThat(OpClock.gemmNanos()).isZero();
    assertThat(OpClock.elementwiseNanos()).isZero();
  }
}

package dev.flowmap.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LrScheduleTest {

  @Test
  void warmsUpLinearlyThenHoldsConstant() {
    LrSchedule s = ScheduleKind.CONSTANT.schedule(1e-3, 10, 0, 0);
    assertThat(s.lr(1)).isCloseTo(1e-4, within(1e-15));
    assertThat(s.lr(5)).isCloseTo(5e-4, within(1e-15));
    assertThat(s.lr(10)).isCloseTo(1e-3, within(1e-15));
    assertThat(s.lr(11)).isEqualTo(1e-3);
    assertThat(s.lr(1_000_000)).isEqualTo(1e-3);
    assertThat(ScheduleKind.CONSTANT.schedule(2e-4, 0, 0, 0).lr(1)).isEqualTo(2e-4);
  }

  @Test
  void sqrtDecaysAsThePapersInverseSquareRoot() {
    LrSchedule s = ScheduleKind.SQRT.schedule(1e-3, 0, 1000, 0);
    assertThat(s.lr(1)).isEqualTo(1e-3);
    assertThat(s.lr(1000)).isEqualTo(1e-3);
    assertThat(s.lr(4000)).isCloseTo(5e-4, within(1e-15));
    assertThat(s.lr(1500)).isCloseTo(1e-3 / Math.sqrt(1.5), within(1e-15));
    assertThat(s.lr(100_000)).isCloseTo(1e-4, within(1e-15));
  }

  @Test
  void cosineFallsFromBaseToZeroAfterWarmup() {
    LrSchedule s = ScheduleKind.COSINE.schedule(1.0, 100, 0, 1100);
    assertThat(s.lr(50)).isCloseTo(0.5, within(1e-15));
    assertThat(s.lr(100)).isCloseTo(1.0, within(1e-15));
    assertThat(s.lr(600)).isCloseTo(0.5, within(1e-15));
    assertThat(s.lr(350)).isCloseTo(0.5 * (1 + Math.cos(Math.PI / 4)), within(1e-15));
    assertThat(s.lr(1100)).isCloseTo(0, within(1e-15));
    assertThat(s.lr(5000)).isCloseTo(0, within(1e-15));
  }
}

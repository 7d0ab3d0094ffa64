package dev.flowmap.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WarmupScheduleTest {

  @Test
  void eachKindBuildsItsShape() {
    for (ScheduleKind kind : ScheduleKind.values()) {
      assertThat(kind.schedule(1, 0, 1, 2)).isEqualTo(new WarmupSchedule(kind, 1, 0, 1, 2));
    }
  }

  @Test
  void rejectsImpossibleRatesAndStepCounts() {
    assertThatThrownBy(() -> ScheduleKind.SQRT.schedule(1, 0, 0, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decay steps");
    assertThatThrownBy(() -> ScheduleKind.COSINE.schedule(1, 10, 0, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("total steps (10)");
    assertThatThrownBy(() -> ScheduleKind.CONSTANT.schedule(-1, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    assertThatThrownBy(() -> ScheduleKind.CONSTANT.schedule(1, -5, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-5");
  }

  /** The warmup's last step reaches the base rate, even when the sqrt decay would already be below it. */
  @Test
  void theLastWarmupStepIsTheBaseRateAndAZeroRateIsAllowed() {
    LrSchedule sqrt = ScheduleKind.SQRT.schedule(1e-3, 100, 25, 1000);
    assertThat(sqrt.lr(100)).isEqualTo(1e-3);
    assertThat(sqrt.lr(101)).isCloseTo(1e-3 / Math.sqrt(101 / 25.0), org.assertj.core.api.Assertions.within(1e-15));
    assertThat(sqrt.lr(50)).isEqualTo(0.5e-3);
    assertThat(ScheduleKind.CONSTANT.schedule(0.0, 0, 1, 1).lr(5)).isZero();
  }
}

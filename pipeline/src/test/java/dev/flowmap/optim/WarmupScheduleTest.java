package dev.flowmap.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WarmupScheduleTest {

  @Test
  void parsesTheThreeNames() {
    assertThat(WarmupSchedule.of("constant", 1, 0, 1, 2).shape())
        .isEqualTo(WarmupSchedule.Shape.CONSTANT);
    assertThat(WarmupSchedule.of("sqrt", 1, 0, 1, 2).shape()).isEqualTo(WarmupSchedule.Shape.SQRT);
    assertThat(WarmupSchedule.of("cosine", 1, 0, 1, 2).shape())
        .isEqualTo(WarmupSchedule.Shape.COSINE);
  }

  @Test
  void rejectsUnknownNamesAndImpossibleStepCounts() {
    assertThatThrownBy(() -> LrSchedule.of("linear", 1, 0, 1, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'linear'");
    assertThatThrownBy(() -> LrSchedule.of("sqrt", 1, 0, 0, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decay steps");
    assertThatThrownBy(() -> LrSchedule.of("cosine", 1, 10, 0, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("total steps (10)");
    assertThatThrownBy(() -> LrSchedule.of("constant", -1, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    assertThatThrownBy(() -> LrSchedule.of("constant", 1, -5, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-5");
  }

  /** The warmup's last step reaches the base rate, even when the sqrt decay would already be below it. */
  @Test
  void theLastWarmupStepIsTheBaseRateAndAZeroRateIsAllowed() {
    LrSchedule sqrt = LrSchedule.of("sqrt", 1e-3, 100, 25, 1000);
    assertThat(sqrt.lr(100)).isEqualTo(1e-3);
    assertThat(sqrt.lr(101)).isCloseTo(1e-3 / Math.sqrt(101 / 25.0), org.assertj.core.api.Assertions.within(1e-15));
    assertThat(sqrt.lr(50)).isEqualTo(0.5e-3);
    assertThat(LrSchedule.of("constant", 0.0, 0, 1, 1).lr(5)).isZero();
  }
}

package dev.flowmap.optim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScheduleKindTest {
  /** Cosine needs more total steps than warmup steps; constant and sqrt run any count. */
  @Test
  void onlyCosineNeedsMoreStepsThanItsWarmup() {
    assertThat(ScheduleKind.COSINE.admits(200, 201)).isTrue();
    assertThat(ScheduleKind.COSINE.admits(200, 200)).isFalse();
    assertThat(ScheduleKind.COSINE.admits(200, 1)).isFalse();
    assertThat(ScheduleKind.COSINE.admits(0, 1)).isTrue();
    assertThat(ScheduleKind.COSINE.admits(0, 0)).isFalse();
    assertThat(ScheduleKind.CONSTANT.admits(200, 1)).isTrue();
    assertThat(ScheduleKind.SQRT.admits(200, 1)).isTrue();
  }
}

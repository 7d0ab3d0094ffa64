package dev.flowmap.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The spec's counts and weight checks, and the batch split it takes from its method. */
class LossSpecTest {
  @Test
  void forBatchTakesItsCountsFromTheMethodsSplit() {
    LossSpec spec = LossSpec.forBatch(Method.LSD, PsdForm.POSITION, Composition.PAPER, 0.75, 2048, 2.5);
    assertThat(spec).isEqualTo(new LossSpec(Method.LSD, PsdForm.POSITION, Composition.PAPER, 1536, 512, 2.5));
    assertThat(LossSpec.forBatch(Method.FM, PsdForm.VELOCITY, Composition.SEED, 0.75, 300, 1.0))
        .isEqualTo(new LossSpec(Method.FM, PsdForm.VELOCITY, Composition.SEED, 300, 0));
  }

  @Test
  void emptyGroupsAreAllowedAndNegativeCountsRefused() {
    assertThat(new LossSpec(Method.LSD, PsdForm.VELOCITY, Composition.SEED, 0, 3).diagCount()).isZero();
    assertThat(new LossSpec(Method.FM, PsdForm.VELOCITY, Composition.SEED, 3, 0).offCount()).isZero();
    assertThatThrownBy(() -> new LossSpec(Method.LSD, PsdForm.VELOCITY, Composition.SEED, -1, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("counts must be >= 0, were -1 and 3");
    assertThatThrownBy(() -> new LossSpec(Method.LSD, PsdForm.VELOCITY, Composition.SEED, 3, -2))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("counts must be >= 0, were 3 and -2");
  }

  @Test
  void theDistillWeightMustBePositiveAndFinite() {
    for (double bad : new double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> new LossSpec(Method.LSD, PsdForm.VELOCITY, Composition.SEED, 2, 3, bad))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(String.valueOf(bad));
    }
    assertThat(new LossSpec(Method.LSD, PsdForm.VELOCITY, Composition.SEED, 2, 3, Double.MIN_VALUE)
        .distillWeight()).isEqualTo(Double.MIN_VALUE);
  }
}

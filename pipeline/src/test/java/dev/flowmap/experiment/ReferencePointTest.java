package dev.flowmap.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A reference point holds only what can be drawn: a label, minutes >= 0 and a KL > 0. */
class ReferencePointTest {
  @Test
  void keepsGoodValuesAndNamesTheBadOne() {
    assertThat(new ReferencePoint("seed", 0, 0.4576).minutes()).isZero();
    assertThatThrownBy(() -> new ReferencePoint(" ", 1, 1)).hasMessage("the label is empty");
    assertThatThrownBy(() -> new ReferencePoint("s", -1, 1))
        .hasMessage("minutes must be a finite number >= 0, got -1.0");
    assertThatThrownBy(() -> new ReferencePoint("s", Double.NaN, 1)).hasMessageContaining("NaN");
    assertThatThrownBy(() -> new ReferencePoint("s", 1, 0))
        .hasMessage("KL must be a finite number > 0, got 0.0");
    assertThatThrownBy(() -> new ReferencePoint("s", 1, Double.POSITIVE_INFINITY))
        .hasMessageContaining("Infinity");
  }
}

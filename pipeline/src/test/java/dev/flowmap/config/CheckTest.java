package dev.flowmap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckTest {
  @Test
  void boundsAreInclusiveWhereDocumented() {
    assertThat(Check.atLeast("k", 1, 1)).isEqualTo(1);
    assertThat(Check.inRange("k", 5, 1, 5)).isEqualTo(5);
    assertThat(Check.unitClosed("k", 1.0)).isEqualTo(1.0);
    assertThat(Check.unitHalfOpen("k", 0.0)).isEqualTo(0.0);
    assertThat(Check.nonNegative("k", 0.0)).isEqualTo(0.0);
    assertThatThrownBy(() -> Check.atLeast("a.b", 0L, 1L)).hasMessage("a.b must be >= 1, got 0");
    assertThatThrownBy(() -> Check.unitHalfOpen("a.b", 1.0)).hasMessage("a.b must be in [0, 1), got 1.0");
    assertThatThrownBy(() -> Check.unitClosed("a.b", Double.NaN)).hasMessage("a.b must be in [0, 1], got NaN");
  }

  @Test
  void nonFiniteNumbersAreRejected() {
    assertThatThrownBy(() -> Check.positive("a.b", Double.POSITIVE_INFINITY))
        .hasMessage("a.b must be a finite number > 0, got Infinity");
    assertThatThrownBy(() -> Check.nonNegative("a.b", Double.NaN))
        .hasMessage("a.b must be a finite number >= 0, got NaN");
    assertThatThrownBy(() -> Check.positive("a.b", 0.0))
        .hasMessage("a.b must be a finite number > 0, got 0.0");
  }

  @Test
  void strings() {
    assertThatThrownBy(() -> Check.notBlank("a.b", " "))
        .hasMessage("a.b must not be empty, got ' '");
  }

  @Test
  void listsAreNonEmptyDistinctAndCopied() {
    assertThatThrownBy(() -> Check.distinctList("a.b", List.of()))
        .hasMessage("a.b must be a non-empty list, got []");
    assertThatThrownBy(() -> Check.distinctList("a.b", List.of(1, 2, 1)))
        .hasMessage("a.b lists 1 twice");
    assertThatThrownBy(() -> Check.distinctList("a.b", List.of("x", "x")))
        .hasMessage("a.b lists 'x' twice");
    assertThatThrownBy(() -> Check.distinctList("a.b", Arrays.asList(1, null)))
        .hasMessage("a.b[1] must not be null");
    List<Integer> source = new java.util.ArrayList<>(List.of(1, 2));
    List<Integer> copy = Check.distinctList("a.b", source);
    source.add(3);
    assertThat(copy).containsExactly(1, 2);
  }
}

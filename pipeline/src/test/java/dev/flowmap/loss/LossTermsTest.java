package dev.flowmap.loss;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LossTermsTest {
  @Test
  void totalIsTheSumAndTheMapNamesEachTermInOrder() {
    LossTerms lsd = new LossTerms(0.25, 0.5, "lsd");
    assertThat(lsd.total()).isEqualTo(0.75);
    assertThat(lsd.asMap()).containsExactly(
        java.util.Map.entry("diag", 0.25), java.util.Map.entry("lsd", 0.5),
        java.util.Map.entry("total", 0.75));
    LossTerms fm = new LossTerms(0.125, 0.0, null);
    assertThat(List.copyOf(fm.asMap().keySet())).containsExactly("diag", "total");
    assertThat(fm.asMap().get("total")).isEqualTo(0.125);
  }

  @Test
  void finiteOnlyWhenBothTermsAre() {
    assertThat(new LossTerms(1, 2, "psd").finite()).isTrue();
    assertThat(new LossTerms(Double.NaN, 2, "psd").finite()).isFalse();
    assertThat(new LossTerms(1, Double.POSITIVE_INFINITY, "psd").finite()).isFalse();
    assertThat(new LossTerms(Double.NEGATIVE_INFINITY, 1, "esd").finite()).isFalse();
  }
}

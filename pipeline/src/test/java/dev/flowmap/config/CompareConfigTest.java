package dev.flowmap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompareConfigTest {
  @Test
  void acceptsAllMethods() {
    assertThat(new CompareConfig(LossConfig.METHODS).methods()).hasSize(5);
  }

  @Test
  void rejectsBadValuesByKey() {
    assertThatThrownBy(() -> new CompareConfig(List.of()))
        .hasMessage("compare.methods must be a non-empty list, got []");
    assertThatThrownBy(() -> new CompareConfig(List.of("lsd", "sd")))
        .hasMessage("compare.methods[1] must be one of [lsd, psd-m, psd-u, esd, fm], got 'sd'");
    assertThatThrownBy(() -> new CompareConfig(List.of("lsd", "lsd")))
        .hasMessage("compare.methods lists 'lsd' twice");
  }
}

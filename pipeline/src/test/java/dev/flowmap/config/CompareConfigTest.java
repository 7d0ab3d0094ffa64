package dev.flowmap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmap.loss.Method;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompareConfigTest {
  @Test
  void acceptsAllMethods() {
    assertThat(new CompareConfig(List.of(Method.values())).methods()).hasSize(5);
  }

  @Test
  void rejectsBadValuesByKey() {
    assertThatThrownBy(() -> new CompareConfig(List.of()))
        .hasMessage("compare.methods must be a non-empty list, got []");
    assertThatThrownBy(() -> ConfigLoader.fromYamlString("compare:\n  methods: [lsd, sd]\n", List.of()))
        .hasMessage("compare.methods[1] must be one of [lsd, psd-m, psd-u, esd, fm], got 'sd'");
    assertThatThrownBy(() -> new CompareConfig(List.of(Method.LSD, Method.LSD)))
        .hasMessage("compare.methods lists 'lsd' twice");
  }
}

package dev.flowmap.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IntegratorTest {
  @Test
  void parsesTheConfigNames() {
    assertThat(Integrator.of("map")).isEqualTo(Integrator.MAP);
    assertThat(Integrator.of("euler")).isEqualTo(Integrator.EULER);
    assertThat(Integrator.of("heun")).isEqualTo(Integrator.HEUN);
    assertThatThrownBy(() -> Integrator.of("rk4")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'rk4'");
  }
}

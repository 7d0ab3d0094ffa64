package dev.flowmap.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IntegratorTest {
  @Test
  void namesAreTheConfigNames() {
    assertThat(Integrator.MAP).hasToString("map");
    assertThat(Integrator.EULER).hasToString("euler");
    assertThat(Integrator.HEUN).hasToString("heun");
  }
}

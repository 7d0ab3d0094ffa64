package dev.flowmap.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The time samplers' config names (their draws are checked in {@link BatchSamplerTest}). */
class TimeSamplerTest {
  @Test
  void namesAreTheConfigNames() {
    assertThat(TimeSampler.SEED).hasToString("seed");
    assertThat(TimeSampler.PAPER).hasToString("paper");
  }
}

package dev.flowmap.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScaleTest {
  @Test
  void namesAreTheConfigNames() {
    assertThat(Scale.NONE).hasToString("none");
    assertThat(Scale.DATA_STD).hasToString("data_std");
  }
}

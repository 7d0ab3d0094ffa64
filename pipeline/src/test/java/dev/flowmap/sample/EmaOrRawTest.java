package dev.flowmap.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The weights choice: its config names, and EMA only where a run keeps one. */
class EmaOrRawTest {
  @Test
  void namesAreTheConfigNames() {
    assertThat(EmaOrRaw.EMA).hasToString("ema");
    assertThat(EmaOrRaw.RAW).hasToString("raw");
  }

  @Test
  void emaIsUsedOnlyWhereItIsKept() {
    assertThat(EmaOrRaw.EMA.given(true)).isEqualTo(EmaOrRaw.EMA);
    assertThat(EmaOrRaw.EMA.given(false)).isEqualTo(EmaOrRaw.RAW);
    assertThat(EmaOrRaw.RAW.given(true)).isEqualTo(EmaOrRaw.RAW);
    assertThat(EmaOrRaw.RAW.given(false)).isEqualTo(EmaOrRaw.RAW);
    assertThat(EmaOrRaw.EMA.ema()).isTrue();
    assertThat(EmaOrRaw.RAW.ema()).isFalse();
  }
}

package dev.flowmap.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DoubleGaugeTest {
  @Test
  void startsAtNaNAndHoldsTheLastValue() {
    DoubleGauge g = new DoubleGauge();
    assertThat(g.get()).isNaN();
    g.set(0.25);
    g.set(-1e-300);
    assertThat(g.get()).isEqualTo(-1e-300);
  }
}

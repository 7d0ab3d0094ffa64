package dev.flowmap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvalConfigTest {
  @Test
  void stepsAreCopied() {
    List<Integer> steps = new java.util.ArrayList<>(List.of(1, 1024));
    EvalConfig e = new EvalConfig(steps, 1000, "raw", "heun");
    steps.clear();
    assertThat(e.steps()).containsExactly(1, 1024);
  }

  @Test
  void rejectsBadValuesByKey() {
    assertThatThrownBy(() -> new EvalConfig(List.of(), 1000, "ema", "map"))
        .hasMessage("eval.steps must be a non-empty list, got []");
    assertThatThrownBy(() -> new EvalConfig(List.of(1, 0), 1000, "ema", "map"))
        .hasMessage("eval.steps[1] must be in [1, 1024], got 0");
    assertThatThrownBy(() -> new EvalConfig(List.of(2048), 1000, "ema", "map"))
        .hasMessage("eval.steps[0] must be in [1, 1024], got 2048");
    assertThatThrownBy(() -> new EvalConfig(List.of(2, 2), 1000, "ema", "map"))
        .hasMessage("eval.steps lists 2 twice");
    assertThatThrownBy(() -> new EvalConfig(List.of(1), 999, "ema", "map"))
        .hasMessage("eval.samples must be >= 1000, got 999");
    assertThatThrownBy(() -> new EvalConfig(List.of(1), 1000, "best", "map"))
        .hasMessage("eval.weights must be one of [ema, raw], got 'best'");
    assertThatThrownBy(() -> new EvalConfig(List.of(1), 1000, "ema", "rk4"))
        .hasMessage("eval.sampler must be one of [map, euler, heun], got 'rk4'");
  }
}

package dev.flowmap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmap.sample.EmaOrRaw;
import dev.flowmap.sample.Integrator;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvalConfigTest {
  @Test
  void stepsAreCopied() {
    List<Integer> steps = new java.util.ArrayList<>(List.of(1, 1024));
    EvalConfig e = new EvalConfig(steps, 1000, 60, EmaOrRaw.RAW, Integrator.HEUN);
    steps.clear();
    assertThat(e.steps()).containsExactly(1, 1024);
  }

  @Test
  void rejectsBadValuesByKey() {
    assertThatThrownBy(() -> new EvalConfig(List.of(), 1000, 60, EmaOrRaw.EMA, Integrator.MAP))
        .hasMessage("eval.steps must be a non-empty list, got []");
    assertThatThrownBy(() -> new EvalConfig(List.of(1, 0), 1000, 60, EmaOrRaw.EMA, Integrator.MAP))
        .hasMessage("eval.steps[1] must be in [1, 1024], got 0");
    assertThatThrownBy(() -> new EvalConfig(List.of(2048), 1000, 60, EmaOrRaw.EMA, Integrator.MAP))
        .hasMessage("eval.steps[0] must be in [1, 1024], got 2048");
    assertThatThrownBy(() -> new EvalConfig(List.of(2, 2), 1000, 60, EmaOrRaw.EMA, Integrator.MAP))
        .hasMessage("eval.steps lists 2 twice");
    assertThatThrownBy(() -> new EvalConfig(List.of(1), 999, 60, EmaOrRaw.EMA, Integrator.MAP))
        .hasMessage("eval.samples must be >= 1000, got 999");
    assertThatThrownBy(() -> new EvalConfig(List.of(1), 1000, 60, null, Integrator.MAP))
        .hasMessage("eval.weights must be one of [ema, raw], got null");
    assertThatThrownBy(() -> new EvalConfig(List.of(1), 1000, 60, EmaOrRaw.EMA, null))
        .hasMessage("eval.sampler must be one of [map, euler, heun], got null");
    assertThatThrownBy(() -> ConfigLoader.fromYamlString("eval:\n  weights: best\n", List.of()))
        .hasMessage("eval.weights must be one of [ema, raw], got 'best'");
    assertThatThrownBy(() -> ConfigLoader.fromYamlString("", List.of("eval.sampler=rk4")))
        .hasMessage("eval.sampler must be one of [map, euler, heun], got 'rk4'");
    assertThatThrownBy(() -> new EvalConfig(List.of(1), 1000, 1, EmaOrRaw.EMA, Integrator.MAP))
        .hasMessage("eval.bins must be in [2, 1000], got 1");
    assertThatThrownBy(() -> new EvalConfig(List.of(1), 1000, 1001, EmaOrRaw.EMA, Integrator.MAP))
        .hasMessage("eval.bins must be in [2, 1000], got 1001");
  }

  @Test
  void defaultsAreTheSeedNotebooksProtocol() {
    EvalConfig e = EvalConfig.defaults();
    assertThat(e.bins()).isEqualTo(60);
    assertThat(e.samples()).isEqualTo(100_000);
  }

  @Test
  void aBadBinsValueFromYamlOrSetIsOneLineNamingTheKey() {
    assertThatThrownBy(() -> ConfigLoader.fromYamlString("eval:\n  bins: 0\n", List.of()))
        .isInstanceOf(ConfigException.class).hasMessage("eval.bins must be in [2, 1000], got 0");
    assertThatThrownBy(() -> ConfigLoader.fromYamlString("", List.of("eval.bins=many")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("eval.bins");
    assertThat(ConfigLoader.fromYamlString("", List.of("eval.bins=50", "eval.samples=1000000")).eval())
        .isEqualTo(new EvalConfig(List.of(1, 2, 4, 8, 16), 1_000_000, 50, EmaOrRaw.EMA, Integrator.MAP));
  }
}

package dev.flowmap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmap.data.TimeSampler;
import dev.flowmap.loss.Composition;
import dev.flowmap.loss.Method;
import dev.flowmap.loss.PsdForm;
import org.junit.jupiter.api.Test;

class RunConfigTest {
  @Test
  void withMethodChangesOnlyTheMethod() {
    RunConfig d = RunConfig.defaults();
    RunConfig p = d.withMethod(Method.PSD_U);
    assertThat(p.loss()).isEqualTo(new LossConfig(Method.PSD_U, PsdForm.POSITION, Composition.SEED,
        0.75, TimeSampler.SEED));
    assertThat(p.withMethod(Method.LSD)).isEqualTo(d);
    assertThatThrownBy(() -> d.withMethod(null)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("loss.method must be one of");
  }

  @Test
  void sectionsAreRequired() {
    RunConfig d = RunConfig.defaults();
    assertThatThrownBy(() -> new RunConfig(d.data(), null, d.loss(), d.optim(), d.train(), d.eval(),
        d.serve(), d.compare())).isInstanceOf(NullPointerException.class).hasMessage("model");
  }
}

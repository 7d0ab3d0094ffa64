package dev.flowmap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunConfigTest {
  @Test
  void withMethodChangesOnlyTheMethod() {
    RunConfig d = RunConfig.defaults();
    RunConfig p = d.withMethod("psd-u");
    assertThat(p.loss()).isEqualTo(new LossConfig("psd-u", "position", "seed", 0.75, "seed"));
    assertThat(p.withMethod("lsd")).isEqualTo(d);
    assertThatThrownBy(() -> d.withMethod("x")).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("loss.method must be one of");
  }

  @Test
  void sectionsAreRequired() {
    RunConfig d = RunConfig.defaults();
    assertThatThrownBy(() -> new RunConfig(d.data(), null, d.loss(), d.optim(), d.train(), d.eval(),
        d.serve(), d.compare())).isInstanceOf(NullPointerException.class).hasMessage("model");
  }
}

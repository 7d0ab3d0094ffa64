package dev.flowmap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmap.data.TimeSampler;
import dev.flowmap.loss.Composition;
import dev.flowmap.loss.Method;
import dev.flowmap.loss.PsdForm;
import dev.flowmap.sample.EmaOrRaw;
import dev.flowmap.sample.Integrator;
import java.util.List;
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
  void withersReplaceOneSection() {
    RunConfig d = RunConfig.defaults();
    TrainConfig t = d.train().withThreads(3);
    assertThat(t).isEqualTo(new TrainConfig(30_000L, 2048, 0L, 50, 2000, 50_000, 2000, 3));
    assertThat(d.withTrain(t)).isEqualTo(new RunConfig(d.data(), d.model(), d.loss(), d.optim(), t,
        d.eval(), d.serve(), d.compare()));
    EvalConfig e = d.eval().withSteps(List.of(3)).withSamples(2000).withBins(7)
        .withSampler(Integrator.HEUN);
    assertThat(e).isEqualTo(new EvalConfig(List.of(3), 2000, 7, EmaOrRaw.EMA, Integrator.HEUN));
    assertThat(d.withEval(e)).isEqualTo(new RunConfig(d.data(), d.model(), d.loss(), d.optim(),
        d.train(), e, d.serve(), d.compare()));
  }

  @Test
  void sectionsAreRequired() {
    RunConfig d = RunConfig.defaults();
    assertThatThrownBy(() -> new RunConfig(d.data(), null, d.loss(), d.optim(), d.train(), d.eval(),
        d.serve(), d.compare())).isInstanceOf(NullPointerException.class).hasMessage("model");
  }
}

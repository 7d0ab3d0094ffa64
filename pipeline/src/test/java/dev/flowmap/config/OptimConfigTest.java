package dev.flowmap.config;

import static dev.flowmap.optim.OptimizerKind.ADAM;
import static dev.flowmap.optim.ScheduleKind.CONSTANT;
import static dev.flowmap.optim.ScheduleKind.SQRT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmap.optim.OptimizerKind;
import dev.flowmap.optim.ScheduleKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptimConfigTest {
  private static OptimConfig with(double lr, double beta1, double clip, long decaySteps, double ema) {
    return new OptimConfig(ADAM, lr, beta1, 0.999, 1e-8, 0.0, clip, SQRT, 0L, decaySteps, ema);
  }

  @Test
  void switchesFollowTheirValues() {
    assertThat(OptimConfig.defaults().clipping()).isFalse();
    assertThat(OptimConfig.defaults().emaEnabled()).isFalse();
    OptimConfig o = with(1e-3, 0.0, 10.0, 1L, 0.999);
    assertThat(o.clipping()).isTrue();
    assertThat(o.emaEnabled()).isTrue();
  }

  @Test
  void namesEveryOptimizerAndSchedule() {
    assertThat(Vocabulary.names(OptimizerKind.class)).containsExactly("adam", "adamw", "radam");
    assertThat(ConfigLoader.fromYamlString("optim:\n  name: radam\n", List.of()).optim().name())
        .isEqualTo(OptimizerKind.RADAM);
    assertThat(Vocabulary.names(ScheduleKind.class)).containsExactly("constant", "sqrt", "cosine");
    assertThat(ConfigLoader.fromYamlString("optim:\n  schedule: cosine\n", List.of())
        .optim().schedule()).isEqualTo(ScheduleKind.COSINE);
  }

  @Test
  void rejectsBadValuesByKey() {
    assertThatThrownBy(() -> with(Double.NaN, 0.9, 0, 1, 0))
        .hasMessage("optim.lr must be a finite number > 0, got NaN");
    assertThatThrownBy(() -> with(-1e-3, 0.9, 0, 1, 0))
        .hasMessage("optim.lr must be a finite number > 0, got -0.001");
    assertThatThrownBy(() -> with(1e-3, 1.0, 0, 1, 0)).hasMessage("optim.beta1 must be in [0, 1), got 1.0");
    assertThatThrownBy(() -> with(1e-3, 0.9, -1, 1, 0))
        .hasMessage("optim.clip must be a finite number >= 0, got -1.0");
    assertThatThrownBy(() -> with(1e-3, 0.9, 0, 0, 0)).hasMessage("optim.decay_steps must be >= 1, got 0");
    assertThatThrownBy(() -> with(1e-3, 0.9, 0, 1, 1.0)).hasMessage("optim.ema must be in [0, 1), got 1.0");
    assertThatThrownBy(() -> ConfigLoader.fromYamlString("optim:\n  name: sgd\n", List.of()))
        .hasMessage("optim.name must be one of [adam, adamw, radam], got 'sgd'");
    assertThatThrownBy(() -> ConfigLoader.fromYamlString("", List.of("optim.name=sgd")))
        .hasMessage("optim.name must be one of [adam, adamw, radam], got 'sgd'");
    assertThatThrownBy(() -> new OptimConfig(null, 1e-3, 0.9, 0.999, 1e-8, 0, 0, CONSTANT, 0, 1, 0))
        .hasMessage("optim.name must be one of [adam, adamw, radam], got null");
    assertThatThrownBy(() -> new OptimConfig(ADAM, 1e-3, 0.9, 0.999, 0, 0, 0, CONSTANT, 0, 1, 0))
        .hasMessage("optim.eps must be a finite number > 0, got 0.0");
    assertThatThrownBy(() -> new OptimConfig(ADAM, 1e-3, 0.9, 0.999, 1e-8, -1e-4, 0, CONSTANT, 0, 1, 0))
        .hasMessage("optim.weight_decay must be a finite number >= 0, got -1.0E-4");
    assertThatThrownBy(() -> ConfigLoader.fromYamlString("optim:\n  schedule: step\n", List.of()))
        .hasMessage("optim.schedule must be one of [constant, sqrt, cosine], got 'step'");
    assertThatThrownBy(() -> ConfigLoader.fromYamlString("", List.of("optim.schedule=step")))
        .hasMessage("optim.schedule must be one of [constant, sqrt, cosine], got 'step'");
    assertThatThrownBy(() -> new OptimConfig(ADAM, 1e-3, 0.9, 0.999, 1e-8, 0, 0, null, 0, 1, 0))
        .hasMessage("optim.schedule must be one of [constant, sqrt, cosine], got null");
    assertThatThrownBy(() -> new OptimConfig(ADAM, 1e-3, 0.9, 0.999, 1e-8, 0, 0, CONSTANT, -1, 1, 0))
        .hasMessage("optim.warmup must be >= 0, got -1");
  }
}

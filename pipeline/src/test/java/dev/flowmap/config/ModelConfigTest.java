package dev.flowmap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmap.model.Activation;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelConfigTest {
  @Test
  void acceptsTheBoundsAndBothActivations() {
    assertThat(new ModelConfig(1, 1, Activation.GELU).width()).isEqualTo(1);
    assertThat(new ModelConfig(8192, 64, Activation.SILU).depth()).isEqualTo(64);
    assertThat(Vocabulary.names(Activation.class)).containsExactly("silu", "gelu");
    assertThat(ConfigLoader.fromYamlString("model:\n  activation: gelu\n", List.of()).model().activation())
        .isEqualTo(Activation.GELU);
  }

  @Test
  void rejectsBadValuesByKey() {
    assertThatThrownBy(() -> new ModelConfig(0, 4, Activation.SILU))
        .hasMessage("model.width must be in [1, 8192], got 0");
    assertThatThrownBy(() -> new ModelConfig(8193, 4, Activation.SILU))
        .hasMessage("model.width must be in [1, 8192], got 8193");
    assertThatThrownBy(() -> new ModelConfig(256, 65, Activation.SILU))
        .hasMessage("model.depth must be in [1, 64], got 65");
    assertThatThrownBy(() -> ConfigLoader.fromYamlString("model:\n  activation: relu\n", List.of()))
        .hasMessage("model.activation must be one of [silu, gelu], got 'relu'");
    assertThatThrownBy(() -> ConfigLoader.fromYamlString("", List.of("model.activation=relu")))
        .hasMessage("model.activation must be one of [silu, gelu], got 'relu'");
    assertThatThrownBy(() -> new ModelConfig(256, 4, null))
        .hasMessage("model.activation must be one of [silu, gelu], got null");
  }

  @Test
  void timeFeaturesAreNamedAndTheirCountBounded() {
    assertThat(ConfigLoader.fromYamlString("model: {time_features: fourier, time_frequencies: 3}\n",
        List.of()).model().timeFeatures()).isEqualTo(dev.flowmap.model.TimeInput.FOURIER);
    assertThat(ConfigLoader.fromYamlString("", List.of()).model().timeFeatures())
        .isEqualTo(dev.flowmap.model.TimeInput.NONE);
    assertThatThrownBy(() -> ConfigLoader.fromYamlString("", List.of("model.time_features=clock")))
        .hasMessage("model.time_features must be one of [none, gap, fourier], got 'clock'");
    assertThatThrownBy(() -> ConfigLoader.fromYamlString("", List.of("model.time_frequencies=0")))
        .hasMessage("model.time_frequencies must be in [1, 16], got 0");
  }
}

package dev.flowmap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmap.data.Scale;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataConfigTest {
  @Test
  void acceptsEvenCellsAndBothScales() {
    assertThat(new DataConfig(2, 0.5, 2.0, Scale.DATA_STD).cells()).isEqualTo(2);
    assertThat(Vocabulary.names(Scale.class)).containsExactly("none", "data_std");
  }

  @Test
  void rejectsBadValuesByKey() {
    assertThatThrownBy(() -> new DataConfig(0, 1, 1, Scale.NONE)).hasMessage("data.cells must be >= 2, got 0");
    assertThatThrownBy(() -> new DataConfig(5, 1, 1, Scale.NONE)).hasMessage("data.cells must be even, got 5");
    assertThatThrownBy(() -> new DataConfig(4, 0, 1, Scale.NONE))
        .hasMessage("data.cell_size must be a finite number > 0, got 0.0");
    assertThatThrownBy(() -> new DataConfig(4, 1, -1, Scale.NONE))
        .hasMessage("data.sigma must be a finite number > 0, got -1.0");
    assertThatThrownBy(() -> ConfigLoader.fromYamlString("data:\n  scale: std\n", List.of()))
        .hasMessage("data.scale must be one of [none, data_std], got 'std'");
    assertThatThrownBy(() -> new DataConfig(4, 1, 1, null))
        .hasMessage("data.scale must be one of [none, data_std], got null");
  }
}

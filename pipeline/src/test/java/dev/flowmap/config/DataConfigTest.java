package dev.flowmap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DataConfigTest {
  @Test
  void acceptsEvenCellsAndBothScales() {
    assertThat(new DataConfig(2, 0.5, 2.0, "data_std").cells()).isEqualTo(2);
    assertThat(DataConfig.SCALES).containsExactly("none", "data_std");
  }

  @Test
  void rejectsBadValuesByKey() {
    assertThatThrownBy(() -> new DataConfig(0, 1, 1, "none")).hasMessage("data.cells must be >= 2, got 0");
    assertThatThrownBy(() -> new DataConfig(5, 1, 1, "none")).hasMessage("data.cells must be even, got 5");
    assertThatThrownBy(() -> new DataConfig(4, 0, 1, "none"))
        .hasMessage("data.cell_size must be a finite number > 0, got 0.0");
    assertThatThrownBy(() -> new DataConfig(4, 1, -1, "none"))
        .hasMessage("data.sigma must be a finite number > 0, got -1.0");
    assertThatThrownBy(() -> new DataConfig(4, 1, 1, "std"))
        .hasMessage("data.scale must be one of [none, data_std], got 'std'");
  }
}

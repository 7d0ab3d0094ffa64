package dev.flowmap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainConfigTest {
  @Test
  void zeroMeansOnlyAtTheEndOrAuto() {
    TrainConfig t = new TrainConfig(1L, 1, -5L, 1, 0, 1000, 0, 0);
    assertThat(t.evalEvery()).isZero();
    assertThat(t.seed()).isEqualTo(-5L);
  }

  @Test
  void rejectsBadValuesByKey() {
    assertThatThrownBy(() -> new TrainConfig(0L, 1, 0L, 1, 0, 1000, 0, 0))
        .hasMessage("train.steps must be >= 1, got 0");
    assertThatThrownBy(() -> new TrainConfig(1L, 0, 0L, 1, 0, 1000, 0, 0))
        .hasMessage("train.batch must be in [1, 1000000], got 0");
    assertThatThrownBy(() -> new TrainConfig(1L, 1, 0L, 0, 0, 1000, 0, 0))
        .hasMessage("train.log_every must be >= 1, got 0");
    assertThatThrownBy(() -> new TrainConfig(1L, 1, 0L, 1, -1, 1000, 0, 0))
        .hasMessage("train.eval_every must be >= 0, got -1");
    assertThatThrownBy(() -> new TrainConfig(1L, 1, 0L, 1, 0, 999, 0, 0))
        .hasMessage("train.eval_samples must be >= 1000, got 999");
    assertThatThrownBy(() -> new TrainConfig(1L, 1, 0L, 1, 0, 1000, -1, 0))
        .hasMessage("train.checkpoint_every must be >= 0, got -1");
    assertThatThrownBy(() -> new TrainConfig(1L, 1, 0L, 1, 0, 1000, 0, -1))
        .hasMessage("train.threads must be >= 0, got -1");
  }

  @Test
  void rejectsBadLateBatchesByKey() {
    assertThatThrownBy(() -> new TrainConfig(1L, 1, 0L, 1, 0, 1000, 0, 0, 0, 0, 0.8))
        .hasMessage("train.late_batches must be in [1, 64], got 0");
    assertThatThrownBy(() -> new TrainConfig(1L, 1, 0L, 1, 0, 1000, 0, 0, 0, 65, 0.8))
        .hasMessage("train.late_batches must be in [1, 64], got 65");
    assertThatThrownBy(() -> new TrainConfig(1L, 1, 0L, 1, 0, 1000, 0, 0, 0, 2, 1.0))
        .hasMessage("train.late_from must be in [0, 1), got 1.0");
    assertThatThrownBy(() -> new TrainConfig(1L, 1, 0L, 1, 0, 1000, 0, 0, 0, 2, Double.NaN))
        .hasMessage("train.late_from must be in [0, 1), got NaN");
    assertThatThrownBy(() -> ConfigLoader.fromYamlString("train:\n  late_batches: 2.5\n", List.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("train.late_batches");
    assertThat(new TrainConfig(1L, 1, 0L, 1, 0, 1000, 0, 0).lateBatches()).as("default: off").isEqualTo(1);
  }
}

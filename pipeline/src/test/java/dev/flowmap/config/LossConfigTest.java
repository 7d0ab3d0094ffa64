package dev.flowmap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LossConfigTest {
  @Test
  void acceptsEveryMethodAndTheEtaBounds() {
    for (String m : LossConfig.METHODS) {
      assertThat(new LossConfig(m, "velocity", "paper", 0.0, "paper").method()).isEqualTo(m);
    }
    assertThat(new LossConfig("lsd", "position", "seed", 1.0, "seed").eta()).isEqualTo(1.0);
  }

  @Test
  void rejectsBadValuesByKey() {
    assertThatThrownBy(() -> new LossConfig("psd", "position", "seed", 0.75, "seed"))
        .hasMessage("loss.method must be one of [lsd, psd-m, psd-u, esd, fm], got 'psd'");
    assertThatThrownBy(() -> new LossConfig("lsd", "pos", "seed", 0.75, "seed"))
        .hasMessage("loss.psd_form must be one of [velocity, position], got 'pos'");
    assertThatThrownBy(() -> new LossConfig("lsd", "position", "mine", 0.75, "seed"))
        .hasMessage("loss.composition must be one of [seed, notebook, paper], got 'mine'");
    assertThatThrownBy(() -> new LossConfig("lsd", "position", "seed", -0.1, "seed"))
        .hasMessage("loss.eta must be in [0, 1], got -0.1");
    assertThatThrownBy(() -> new LossConfig("lsd", "position", "seed", 0.75, null))
        .hasMessage("loss.times must be one of [seed, paper], got null");
    assertThatThrownBy(() -> new LossConfig("lsd", "position", "seed", 0.75, "seed", 0.0))
        .hasMessageContaining("loss.distill_weight").hasMessageContaining("0.0");
    assertThat(new LossConfig("lsd", "position", "seed", 0.75, "seed").distillWeight()).isEqualTo(1.0);
  }

  @Test
  void gridPairsAndGapWarmupAreCheckedByKeyAndOffByDefault() {
    LossConfig seed = LossConfig.defaults();
    assertThat(seed.gridPairs()).isZero();
    assertThat(seed.gapWarmup()).isZero();
    assertThat(seed.pairs().isNone()).isTrue();
    assertThatThrownBy(() -> ConfigLoader.fromYamlString("loss: {grid_pairs: 1.5}", List.of()))
        .isInstanceOf(ConfigException.class).hasMessage("loss.grid_pairs must be in [0, 1], got 1.5");
    assertThatThrownBy(() -> ConfigLoader.fromYamlString("", List.of("loss.gap_warmup=-10")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("loss.gap_warmup").hasMessageContaining("-10");
    RunConfig c = ConfigLoader.fromYamlString("loss: {grid_pairs: 0.25, gap_warmup: 500}", List.of());
    assertThat(c.loss().pairs().gridRows(512)).isEqualTo(128);
    assertThat(c.loss().pairs().maxGap(250)).isEqualTo(0.5);
    assertThat(c.withMethod("psd-m").loss().gridPairs()).isEqualTo(0.25);
    assertThat(c.withMethod("psd-m").loss().gapWarmup()).isEqualTo(500);
  }
}

package dev.flowmap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmap.data.TimeSampler;
import dev.flowmap.loss.Composition;
import dev.flowmap.loss.LossSpec;
import dev.flowmap.loss.Method;
import dev.flowmap.loss.PsdForm;
import java.util.List;
import org.junit.jupiter.api.Test;

class LossConfigTest {
  @Test
  void acceptsEveryMethodAndTheEtaBounds() {
    for (Method m : Method.values()) {
      assertThat(new LossConfig(m, PsdForm.VELOCITY, Composition.PAPER, 0.0, TimeSampler.PAPER).method())
          .isEqualTo(m);
    }
    assertThat(new LossConfig(Method.LSD, PsdForm.POSITION, Composition.SEED, 1.0, TimeSampler.SEED).eta())
        .isEqualTo(1.0);
  }

  @Test
  void rejectsBadValuesByKey() {
    assertThatThrownBy(() -> yaml("method: psd"))
        .hasMessage("loss.method must be one of [lsd, psd-m, psd-u, esd, fm], got 'psd'");
    assertThatThrownBy(() -> yaml("psd_form: pos"))
        .hasMessage("loss.psd_form must be one of [velocity, position], got 'pos'");
    assertThatThrownBy(() -> yaml("composition: mine"))
        .hasMessage("loss.composition must be one of [seed, notebook, paper], got 'mine'");
    assertThatThrownBy(() -> yaml("times: uniform"))
        .hasMessage("loss.times must be one of [seed, paper], got 'uniform'");
    assertThatThrownBy(() -> new LossConfig(Method.LSD, PsdForm.POSITION, Composition.SEED, -0.1, TimeSampler.SEED))
        .hasMessage("loss.eta must be in [0, 1], got -0.1");
    assertThatThrownBy(() -> new LossConfig(Method.LSD, PsdForm.POSITION, Composition.SEED, 0.75, null))
        .hasMessage("loss.times must be one of [seed, paper], got null");
    assertThatThrownBy(() -> new LossConfig(null, PsdForm.POSITION, Composition.SEED, 0.75, TimeSampler.SEED))
        .hasMessage("loss.method must be one of [lsd, psd-m, psd-u, esd, fm], got null");
    assertThatThrownBy(() -> new LossConfig(Method.LSD, PsdForm.POSITION, Composition.SEED, 0.75, TimeSampler.SEED, 0.0))
        .hasMessageContaining("loss.distill_weight").hasMessageContaining("0.0");
    assertThat(LossConfig.defaults().distillWeight()).isEqualTo(1.0);
  }

  @Test
  void aNameThatIsNotTextIsATypeError() {
    assertThatThrownBy(() -> yaml("method: 3"))
        .isInstanceOf(ConfigException.class).hasMessage("loss.method: expected a string, got 3");
  }

  @Test
  void theSpecSplitsTheBatchAsTheMethodSays() {
    LossConfig l = new LossConfig(Method.PSD_U, PsdForm.VELOCITY, Composition.NOTEBOOK, 0.75,
        TimeSampler.SEED, 2.0);
    assertThat(l.spec(10)).isEqualTo(new LossSpec(Method.PSD_U, PsdForm.VELOCITY,
        Composition.NOTEBOOK, 8, 2, 2.0));
    assertThat(l.withMethod(Method.FM).spec(10)).isEqualTo(new LossSpec(Method.FM,
        PsdForm.VELOCITY, Composition.NOTEBOOK, 10, 0, 2.0));
  }

  private static RunConfig yaml(String lossLine) {
    return ConfigLoader.fromYamlString("loss:\n  " + lossLine + "\n", List.of());
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
    assertThat(c.withMethod(Method.PSD_M).loss().gridPairs()).isEqualTo(0.25);
    assertThat(c.withMethod(Method.PSD_M).loss().gapWarmup()).isEqualTo(500);
  }

  @Test
  void gapWeightIsForLsdAndNonNegative() {
    RunConfig c = ConfigLoader.fromYamlString("loss: {gap_weight: 2.0}", List.of());
    assertThat(c.loss().spec(2048).gapWeight()).isEqualTo(2.0);
    assertThat(LossConfig.defaults().spec(2048).gapWeight()).isZero();
    assertThat(c.withMethod(Method.PSD_M).loss().gapWeight()).isZero();
    assertThatThrownBy(() -> ConfigLoader.fromYamlString("", List.of("loss.gap_weight=-1")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("loss.gap_weight").hasMessageContaining("-1");
    assertThatThrownBy(() -> ConfigLoader.fromYamlString("loss: {method: esd, gap_weight: 1.0}", List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("loss.gap_weight 1.0 is for loss.method lsd, got method esd");
  }

  @Test
  void huberIsForLsdFiniteAndNonNegative() {
    RunConfig c = ConfigLoader.fromYamlString("loss: {huber: 0.5}", List.of());
    assertThat(c.loss().spec(2048).huber()).isEqualTo(0.5);
    assertThat(LossConfig.defaults().spec(2048).huber()).isZero();
    assertThat(c.withMethod(Method.PSD_M).loss().huber()).isZero();
    assertThatThrownBy(() -> ConfigLoader.fromYamlString("", List.of("loss.huber=-0.25")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("loss.huber").hasMessageContaining("-0.25");
    assertThatThrownBy(() -> ConfigLoader.fromYamlString("loss: {method: psd-m, huber: 1.0}", List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("loss.huber 1.0 is for loss.method lsd, got method psd-m");
  }

  @Test
  void adaptiveBinsAreCheckedByKeyAndOffByDefault() {
    assertThat(LossConfig.defaults().adaptiveBins()).isZero();
    assertThatThrownBy(() -> yaml("adaptive_bins: 1")).isInstanceOf(ConfigException.class)
        .hasMessage("loss.adaptive_bins must be 0 (off) or in [2, 64], got 1");
    assertThatThrownBy(() -> yaml("adaptive_bins: 65")).isInstanceOf(ConfigException.class)
        .hasMessage("loss.adaptive_bins must be 0 (off) or in [2, 64], got 65");
    assertThatThrownBy(() -> yaml("adaptive_bins: many")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("loss.adaptive_bins");
    assertThatThrownBy(() -> ConfigLoader.fromYamlString("loss: {method: psd-m, adaptive_bins: 8}", List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("loss.adaptive_bins 8 is for loss.method lsd, got method psd-m");
    assertThatThrownBy(() -> ConfigLoader.fromYamlString("loss: {gap_weight: 1, adaptive_bins: 8}", List.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("loss.adaptive_bins 8 and loss.gap_weight 1.0");
    RunConfig c = yaml("adaptive_bins: 8");
    assertThat(c.loss().spec(64).adaptiveBins()).isEqualTo(8);
    assertThat(c.withMethod(Method.PSD_M).loss().adaptiveBins()).as("dropped with another method").isZero();
  }
}

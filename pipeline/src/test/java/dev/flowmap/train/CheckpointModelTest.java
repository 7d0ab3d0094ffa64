package dev.flowmap.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmap.config.ConfigLoader;
import dev.flowmap.config.RunConfig;
import dev.flowmap.model.FourierFeatures;
import dev.flowmap.model.Ops;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/** The Fourier frequencies a model samples with are the checkpoint's, not a fresh draw. */
class CheckpointModelTest {
  @TempDir
  Path tmp;

  private static final RunConfig CONFIG = ConfigLoader.fromYamlString(
      "model: {width: 8, depth: 1, fourier: 2, fourier_scale: 1.5}", List.of());

  @Test
  void theSavedFrequenciesAreTheOnesUsed() throws Exception {
    double[] saved = {0.1, 0.2, -0.3, 0.4};
    assertThat(RunSetup.fourier(CONFIG).frequencies()).isNotEqualTo(saved);
    Path file = tmp.resolve("c.bin");
    var net = RunSetup.newNetwork(CONFIG, DataType.FLOAT, Ops.standard());
    new Checkpoint(ConfigLoader.toYaml(CONFIG), 3, net.params(), List.of(), null, null, saved).write(file);
    assertThat(Checkpoint.read(file).fourier()).containsExactly(saved);
    CheckpointModel model = CheckpointModel.load(file, ComputeContext.create());
    assertThat(model.raw().fourier()).isEqualTo(new FourierFeatures(saved));
    assertThat(model.raw().params()).isEqualTo(net.params());
  }

  @Test
  void aCountThatDisagreesWithTheConfigIsACorruptCheckpoint() throws Exception {
    Path file = tmp.resolve("c.bin");
    var net = RunSetup.newNetwork(CONFIG, DataType.FLOAT, Ops.standard());
    new Checkpoint(ConfigLoader.toYaml(CONFIG), 3, net.params(), List.of(), null).write(file);
    assertThat(Checkpoint.read(file).fourier()).isEmpty();
    assertThatThrownBy(() -> CheckpointModel.load(file, ComputeContext.create())).isInstanceOf(CheckpointException.class)
        .hasMessageContaining("0 Fourier frequencies for a network that has 2");
  }

  @Test
  void aCheckpointsEmbeddedConfigTextNamesActivationOptimizerAndSchedule() throws Exception {
    String yaml = "model: {width: 8, depth: 1, activation: gelu}\n"
        + "optim: {name: radam, schedule: cosine}\n";
    RunConfig config = ConfigLoader.fromYamlString(yaml, List.of());
    Path file = tmp.resolve("c.bin");
    var net = RunSetup.newNetwork(config, DataType.FLOAT, Ops.standard());
    new Checkpoint(yaml, 3, net.params(), List.of(), null).write(file);
    CheckpointModel model = CheckpointModel.load(file, ComputeContext.create());
    assertThat(model.config()).isEqualTo(config);
    assertThat(model.raw().activation()).isEqualTo(dev.flowmap.model.Activation.GELU);
    assertThat(ConfigLoader.toYaml(model.config()))
        .contains("activation: gelu", "name: radam", "schedule: cosine");
  }

  @Test
  void badFourierValuesAreConfigErrorsNamingKeyAndValue() {
    assertThatThrownBy(() -> ConfigLoader.fromYamlString("model: {fourier: -1}", List.of()))
        .hasMessage("model.fourier must be in [0, 256], got -1");
    assertThatThrownBy(() -> ConfigLoader.fromYamlString("model: {fourier_scale: 0.0}", List.of()))
        .hasMessageContaining("model.fourier_scale").hasMessageContaining("0.0");
  }
}

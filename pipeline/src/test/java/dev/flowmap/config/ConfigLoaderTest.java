package dev.flowmap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmap.data.Scale;
import dev.flowmap.data.TimeSampler;
import dev.flowmap.loss.Composition;
import dev.flowmap.loss.Method;
import dev.flowmap.loss.PsdForm;
import dev.flowmap.model.Activation;
import dev.flowmap.optim.OptimizerKind;
import dev.flowmap.optim.ScheduleKind;
import dev.flowmap.sample.EmaOrRaw;
import dev.flowmap.sample.Integrator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final Path PRESETS = Path.of("..", "configs");

  private static RunConfig yaml(String text, String... sets) {
    return ConfigLoader.fromYamlString(text, List.of(sets));
  }

  private static void fails(String text, List<String> sets, String message) {
    assertThatThrownBy(() -> ConfigLoader.fromYamlString(text, sets))
        .isInstanceOf(ConfigException.class)
        .hasMessage(message);
  }

  private static RunConfig preset(String name) {
    return ConfigLoader.load(PRESETS.resolve(name), List.of());
  }

  @Test
  void defaultsAreTheSeedsLsdSetup() {
    RunConfig c = ConfigLoader.defaults();
    assertThat(c.data()).isEqualTo(new DataConfig(4, 1.0, 1.0, Scale.NONE));
    assertThat(c.model()).isEqualTo(new ModelConfig(256, 4, Activation.SILU));
    assertThat(c.loss()).isEqualTo(new LossConfig(Method.LSD, PsdForm.POSITION, Composition.SEED, 0.75,
        TimeSampler.SEED));
    assertThat(c.optim()).isEqualTo(new OptimConfig(OptimizerKind.ADAMW, 2e-4, 0.9, 0.999, 1e-8, 1e-4, 0.0,
        ScheduleKind.CONSTANT, 0L, 1000L, 0.0));
    assertThat(c.train()).isEqualTo(new TrainConfig(30000L, 2048, 0L, 50, 2000, 50000, 2000, 0));
    assertThat(c.eval()).isEqualTo(new EvalConfig(List.of(1, 2, 4, 8, 16), 100_000, 60, EmaOrRaw.EMA, Integrator.MAP));
    assertThat(c.serve()).isEqualTo(new ServeConfig("127.0.0.1", 8080, 64, 4096, 2));
    assertThat(c.compare()).isEqualTo(new CompareConfig(List.of(Method.LSD, Method.PSD_M)));
  }

  @Test
  void emptyYamlAndMissingSectionsTakeDefaults() {
    assertThat(yaml("")).isEqualTo(ConfigLoader.defaults());
    assertThat(yaml("# only a comment\n")).isEqualTo(ConfigLoader.defaults());
    RunConfig c = yaml("model:\n  width: 128\n");
    assertThat(c.model()).isEqualTo(new ModelConfig(128, 4, Activation.SILU));
    assertThat(c.train()).isEqualTo(TrainConfig.defaults());
  }

  @Test
  void everyPresetValidates() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(PRESETS)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).extracting(p -> p.getFileName().toString())
        .contains("default.yaml", "seed.yaml", "psd.yaml", "esd.yaml", "paper.yaml", "compare.yaml", "smoke.yaml");
    for (Path file : files) {
      assertThat(ConfigLoader.load(file, List.of())).as(file.toString()).isNotNull();
    }
  }

  @Test
  void seedPresetSpellsOutTheDefaults() {
    assertThat(preset("seed.yaml")).isEqualTo(ConfigLoader.defaults());
  }

  /**
   * A first run ({@code ./flowmap train}, no --config) trains fast.yaml's recipe on a 10-minute
   * budget, fast.yaml on 27 minutes: the same network, objective and optimizer.
   */
  @Test
  void theDefaultPresetIsTheFastRecipeOnATenMinuteBudget() {
    RunConfig first = preset("default.yaml");
    RunConfig fast = preset("fast.yaml");
    assertThat(first.train().minutes()).isEqualTo(10);
    assertThat(fast.train().minutes()).isEqualTo(27);
    assertThat(first.model()).isEqualTo(fast.model());
    assertThat(first.loss()).isEqualTo(fast.loss());
    assertThat(first.optim()).isEqualTo(fast.optim());
    assertThat(first.eval()).isEqualTo(fast.eval());
    assertThat(first.train().batch()).isEqualTo(fast.train().batch());
  }

  @Test
  void psdAndEsdPresetsChangeOnlyTheMethod() {
    RunConfig d = ConfigLoader.defaults();
    assertThat(preset("psd.yaml")).isEqualTo(d.withMethod(Method.PSD_M));
    assertThat(preset("psd.yaml").loss().psdForm()).isEqualTo(PsdForm.POSITION);
    assertThat(preset("esd.yaml")).isEqualTo(d.withMethod(Method.ESD));
    RunConfig compare = preset("compare.yaml");
    assertThat(compare.compare().methods()).containsExactly(Method.LSD, Method.PSD_M);
    assertThat(compare.train().steps()).isEqualTo(30000L);
  }

  @Test
  void paperPresetIsThePapersSetup() {
    RunConfig c = preset("paper.yaml");
    assertThat(c.model()).isEqualTo(new ModelConfig(512, 5, Activation.GELU));
    assertThat(c.data().scale()).isEqualTo(Scale.DATA_STD);
    assertThat(c.loss()).isEqualTo(new LossConfig(Method.LSD, PsdForm.VELOCITY, Composition.PAPER, 0.75, TimeSampler.PAPER));
    OptimConfig o = c.optim();
    assertThat(o.name()).isEqualTo(OptimizerKind.RADAM);
    assertThat(o.lr()).isEqualTo(1e-3);
    assertThat(o.clip()).isEqualTo(10.0);
    assertThat(o.schedule()).isEqualTo(ScheduleKind.SQRT);
    assertThat(o.decaySteps()).isEqualTo(35000L);
    assertThat(o.ema()).isEqualTo(0.999);
    assertThat(c.train().batch()).isEqualTo(2048);
    assertThat(c.train().steps()).isEqualTo(100000L);
  }

  @Test
  void smokePresetIsTiny() {
    RunConfig c = preset("smoke.yaml");
    assertThat(c.model()).isEqualTo(new ModelConfig(64, 2, Activation.SILU));
    assertThat(c.train()).isEqualTo(new TrainConfig(1000L, 256, 0L, 10, 250, 20000, 250, 0));
    assertThat(c.data().cells()).isEqualTo(2);
    assertThat(c.data().cellSize()).isEqualTo(2.0);
    assertThat(c.eval().samples()).isEqualTo(20000);
    assertThat(c.eval().steps()).containsExactly(1, 2, 4);
    assertThat(c.optim().name()).isEqualTo(OptimizerKind.ADAMW);
    assertThat(c.optim().lr()).isEqualTo(2e-3);
  }

  @Test
  void setsOverrideIntDoubleLongStringAndList() {
    RunConfig c = yaml("model:\n  width: 128\n", "model.width=32", "optim.lr=1e-3", "train.seed=42",
        "model.activation=gelu", "eval.steps=[1,2]", "compare.methods=[esd, fm]");
    assertThat(c.model()).isEqualTo(new ModelConfig(32, 4, Activation.GELU));
    assertThat(c.optim().lr()).isEqualTo(1e-3);
    assertThat(c.train().seed()).isEqualTo(42L);
    assertThat(c.eval().steps()).containsExactly(1, 2);
    assertThat(c.compare().methods()).containsExactly(Method.ESD, Method.FM);
  }

  @Test
  void laterSetsWinAndSectionsMerge() {
    RunConfig c = yaml("", "model.width=32", "model.width=16", "model={depth: 3}");
    assertThat(c.model()).isEqualTo(new ModelConfig(16, 3, Activation.SILU));
  }

  @Test
  void exponentNumbersWithoutDotAreDoubles() {
    assertThat(yaml("optim:\n  lr: 1e-3\n").optim().lr()).isEqualTo(1e-3);
    assertThat(yaml("optim:\n  lr: 3\n").optim().lr()).isEqualTo(3.0);
    assertThat(yaml("optim:\n  eps: 1E-6\n").optim().eps()).isEqualTo(1e-6);
  }

  @Test
  void writtenYamlLoadsBackEqual() {
    RunConfig paper = preset("paper.yaml");
    assertThat(yaml(ConfigLoader.toYaml(paper))).isEqualTo(paper);
    assertThat(ConfigLoader.toYaml(paper)).contains("activation: gelu", "name: radam", "schedule: sqrt");
    RunConfig d = ConfigLoader.defaults();
    String text = ConfigLoader.toYaml(d);
    assertThat(text).contains("cell_size: 1.0", "weight_decay:", "generator_threads: 2",
        "activation: silu", "name: adamw", "schedule: constant");
    assertThat(yaml(text)).isEqualTo(d);
  }

  @Test
  void loadReadsAFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("run.yaml");
    Files.writeString(file, "train:\n  steps: 7\n");
    assertThat(ConfigLoader.load(file, List.of("train.batch=8")).train())
        .isEqualTo(new TrainConfig(7L, 8, 0L, 50, 2000, 50000, 2000, 0));
  }

  @Test
  void missingFileIsNamed(@TempDir Path dir) {
    Path file = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> ConfigLoader.load(file, List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config file not found: " + file);
  }

  @Test
  void malformedYamlNamesFileAndLine(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "model:\n  width: 3\n  depth: : 4\n");
    assertThatThrownBy(() -> ConfigLoader.load(file, List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": malformed YAML at line 3: mapping values are not allowed here");
    fails("model:\n  width: 3\n  width: 4\n", List.of(),
        "config: malformed YAML at line 3: found duplicate key width");
    fails("- 1\n- 2\n", List.of(), "config: expected a mapping of sections at the top level, got [1,2]");
  }

  @Test
  void unknownKeysAreNamedWithTheirPath() {
    fails("modle:\n  width: 3\n", List.of(), "unknown key 'modle'");
    fails("model:\n  widht: 3\n", List.of(), "unknown key 'model.widht'");
  }

  @Test
  void wrongTypesNameKeyAndValue() {
    fails("model:\n  width: abc\n", List.of(), "model.width: expected an integer, got 'abc'");
    fails("model:\n  width: 1.5\n", List.of(), "model.width: expected an integer, got 1.5");
    fails("model:\n  width: '12'\n", List.of(), "model.width: expected an integer, got '12'");
    fails("model:\n  width:\n", List.of(), "model.width: expected an integer, got nothing");
    fails("train:\n  batch: 3000000000\n", List.of(), "train.batch: expected an integer, got 3000000000");
    fails("optim:\n  lr: fast\n", List.of(), "optim.lr: expected a number, got 'fast'");
    fails("model: 5\n", List.of(), "model: expected a mapping, got 5");
    fails("eval:\n  steps: 4\n", List.of(), "eval.steps: expected a list, got 4");
    fails("eval:\n  steps: [1, x]\n", List.of(), "eval.steps[1]: expected an integer, got 'x'");
    fails("serve:\n  host: 10\n", List.of(), "serve.host: expected a string, got 10");
  }

  @Test
  void invalidValuesAreNamedWithTheirPath() {
    fails("train:\n  batch: 0\n", List.of(), "train.batch must be in [1, 1000000], got 0");
    fails("optim:\n  lr: -1e-3\n", List.of(), "optim.lr must be a finite number > 0, got -0.001");
    fails("optim:\n  lr: .nan\n", List.of(), "optim.lr must be a finite number > 0, got NaN");
    fails("loss:\n  eta: 1.5\n", List.of(), "loss.eta must be in [0, 1], got 1.5");
    fails("loss:\n  method: foo\n", List.of(),
        "loss.method must be one of [lsd, psd-m, psd-u, esd, fm], got 'foo'");
    fails("eval:\n  steps: [1, 2, 0]\n", List.of(), "eval.steps[2] must be in [1, 1024], got 0");
    fails("model:\n  width: 0\n", List.of(), "model.width must be in [1, 8192], got 0");
  }

  @Test
  void badSetsAreNamed() {
    fails("", List.of("optim.lr=NaN"), "optim.lr must be a finite number > 0, got NaN");
    fails("", List.of("model.width"), "--set model.width: expected key=value");
    fails("", List.of("model.widht=3"), "--set model.widht=3: unknown key 'model.widht'");
    fails("", List.of("modle.width=3"), "--set modle.width=3: unknown key 'modle.width'");
    fails("", List.of("model.width.x=3"), "--set model.width.x=3: unknown key 'model.width.x'");
    fails("", List.of("model.width="), "--set model.width=: no value after '='");
    fails("", List.of("model.width=abc"), "model.width: expected an integer, got 'abc'");
    fails("", List.of("eval.steps=[1,2"),
        "--set eval.steps=[1,2: malformed YAML at line 1: expected ',' or ']', but got <stream end>");
    fails("", List.of("model=5", "model.width=3"), "--set model.width=3: model is not a mapping, got 5");
  }
}

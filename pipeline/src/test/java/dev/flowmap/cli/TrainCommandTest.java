package dev.flowmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowmap.config.ConfigLoader;
import dev.flowmap.config.RunConfig;
import dev.flowmap.train.Checkpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The {@code train} command end to end: its run directory, divergence, resume and signals. */
class TrainCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  private static String[] train(Path out, boolean resume, String... sets) {
    List<String> a = new ArrayList<>(List.of("train", "--config", SmokeRun.CONFIG, "--no-serve",
        "--no-progress", "--out", out.toString()));
    if (resume) {
      a.add("--resume");
    }
    for (String s : sets) {
      a.add("--set");
      a.add(s);
    }
    return a.toArray(String[]::new);
  }

  private static List<JsonNode> jsonLines(Path file) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        nodes.add(JSON.readTree(line));
      }
    }
    return nodes;
  }

  private static void assertFinite(INDArray a) {
    for (double v : a.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleVector()) {
      assertThat(Double.isFinite(v)).as("weight %s is finite", v).isTrue();
    }
  }

  @Test
  void aRunDirectoryHoldsConfigProvenanceLogsTablesFiguresAndCheckpoint() throws IOException {
    Path dir = SmokeRun.dir();
    RunConfig expected = ConfigLoader.load(Path.of(SmokeRun.CONFIG), SmokeRun.SETS);
    RunConfig written = ConfigLoader.load(dir.resolve("config.yaml"), List.of());
    // train.threads: 0 (auto) is written as the worker count it chose, so a resume repeats it
    assertThat(expected.train().threads()).isZero();
    assertThat(written.train().threads()).isPositive();
    assertThat(written).isEqualTo(dev.flowmap.train.Threads.withThreads(expected, written.train().threads()));

    JsonNode provenance = JSON.readTree(dir.resolve("provenance.json").toFile());
    assertThat(provenance.path("seed").isNumber()).isTrue();
    assertThat(provenance.path("seed").asLong()).isEqualTo(expected.train().seed());
    assertThat(provenance.path("git_commit").asText()).isNotBlank();
    assertThat(provenance.path("nd4j_backend").asText()).isNotBlank();
    assertThat(provenance.path("blas_core").asText()).isNotBlank();
    assertThat(java.time.Instant.parse(provenance.path("start_time").asText())).isNotNull();
    assertThat(provenance.path("elementwise_path").asText()).isEqualTo("fused");
    assertThat(provenance.path("jdk").asText()).startsWith(System.getProperty("java.version"));
    assertThat(provenance.path("cpu").asText()).isNotBlank();

    List<JsonNode> steps = jsonLines(dir.resolve("train.jsonl"));
    assertThat(steps).extracting(n -> n.path("step").asLong())
        .containsExactly(5L, 10L, 15L, 20L, 25L, 30L, 35L, 40L, 45L, 50L, 55L, 60L);
    for (JsonNode n : steps) {
      assertThat(n.path("losses").has("diag")).isTrue();
      assertThat(n.path("losses").has("lsd")).isTrue();
      assertThat(n.path("losses").path("total").isNumber()).isTrue();
    }

    List<JsonNode> evals = jsonLines(dir.resolve("evals.jsonl"));
    assertThat(evals).extracting(n -> n.path("step").asLong()).containsExactly(30L, 60L);
    JsonNode kl = JSON.readTree(dir.resolve("kl.json").toFile());
    assertThat(kl.path("step").asLong()).isEqualTo(60);
    assertThat(kl.path("rows")).extracting(r -> r.path("steps").asInt()).containsExactly(1, 2, 4);
    assertThat(Files.readString(dir.resolve("kl.md"))).contains("| N |", "lsd");
    for (String png : new String[] {"target.png", "samples.png", "loss.png"}) {
      var image = ImageIO.read(dir.resolve(png).toFile());
      assertThat(image).as(png).isNotNull();
      assertThat(image.getWidth()).as(png).isGreaterThan(100);
    }
    Checkpoint ck = Checkpoint.read(dir.resolve(Checkpoint.FILE));
    assertThat(ck.step()).isEqualTo(60);
    assertThat(ConfigLoader.fromYamlString(ck.configYaml(), List.of())).isEqualTo(written);
    assertThat(SmokeRun.result().out()).contains("| N |");
  }

  @Test
  void aDivergingLossStopsWithExit3AndKeepsTheLastGoodCheckpoint() throws IOException {
    Path out = tmp.resolve("diverge");
    Cli r = Cli.run(train(out, false, "train.steps=50", "optim.lr=1e6", "train.checkpoint_every=1",
        "train.log_every=1"));
    assertThat(r.exit()).as(r.err()).isEqualTo(3);
    List<String> errors = r.errLines().stream().filter(l -> l.startsWith("error:")).toList();
    assertThat(errors).hasSize(1);
    Matcher m = Pattern.compile("error: training diverged at step (\\d+): loss \\S+, gradient norm \\S+"
        + " \\(the step was not applied; try a lower optim.lr or optim.clip > 0\\)").matcher(errors.get(0));
    assertThat(m.matches()).as(errors.get(0)).isTrue();
    long diverged = Long.parseLong(m.group(1));
    assertThat(r.err()).doesNotContain("\tat ");

    Checkpoint ck = Checkpoint.read(out.resolve(Checkpoint.FILE));
    assertThat(ck.step()).isBetween(1L, diverged - 1);
    assertFinite(ck.params());
    ck.optimizerState().forEach(TrainCommandTest::assertFinite);
    // the logged losses up to the checkpoint are finite, and nothing past the divergence was logged
    for (JsonNode n : jsonLines(out.resolve("train.jsonl"))) {
      assertThat(n.path("step").asLong()).isLessThan(diverged);
      assertThat(Double.isFinite(n.path("losses").path("total").asDouble())).isTrue();
    }
    // the kept checkpoint still samples
    Cli sample = Cli.run("sample", "--checkpoint", out.toString(), "--count", "3", "--weights", "raw");
    assertThat(sample.exit()).as(sample.err()).isZero();
  }

  /**
   * Training 12 steps, then resuming to 24, logs step for step exactly the losses (and gradient
   * norms) of a run that went to 24 without stopping, and ends with identical weights and EMA.
   * Exact equality is right here: every batch is a pure function of (seed, step), the checkpoint
   * stores float32 weights, Adam moments and the EMA bit for bit, and the same arithmetic on the
   * same inputs in the same process gives the same bits. The schedule is constant, so the
   * different train.steps of the first leg does not change any learning rate.
   */
  @Test
  void resumingOnTheOtherElementWisePathSaysInOneLineThatTheBitsWillDiffer() throws IOException {
    String[] common = {"train.log_every=5", "train.eval_every=0", "train.checkpoint_every=0",
        "eval.samples=1000", "eval.steps=[1]"};
    Path run = tmp.resolve("paths");
    Cli first = Cli.run(train(run, false, concat(common, "train.steps=5")));
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(Checkpoint.read(run.resolve(Checkpoint.FILE)).platform().elementwisePath())
        .isEqualTo("fused");
    Cli same = Cli.run(train(run, true, "train.steps=10"));
    assertThat(same.exit()).as(same.err()).isZero();
    assertThat(same.err()).doesNotContain("bit-identical");

    System.setProperty("flowmap.fused", "false");
    Cli other;
    try {
      other = Cli.run(train(run, true, "train.steps=15"));
    } finally {
      System.clearProperty("flowmap.fused");
    }
    assertThat(other.exit()).as(other.err()).isZero();
    assertThat(other.errLines()).filteredOn(l -> l.contains("bit-identical")).singleElement()
        .asString().contains("element-wise path fused, now nd4j");
    assertThat(Checkpoint.read(run.resolve(Checkpoint.FILE)).platform().elementwisePath())
        .isEqualTo("nd4j");
  }

  @Test
  void aResumedRunRepeatsTheUninterruptedRunStepForStep() throws IOException {
    // Two workers fixed: with train.threads 0 each fresh run calibrates its own worker count,
    // and on a loaded machine the straight run and the first half may choose differently.
    String[] common = {"train.log_every=1", "train.eval_every=0", "train.checkpoint_every=0",
        "eval.samples=1000", "eval.steps=[1]", "optim.ema=0.9", "train.threads=2"};
    Path straight = tmp.resolve("straight");
    Cli a = Cli.run(train(straight, false, concat(common, "train.steps=24")));
    assertThat(a.exit()).as(a.err()).isZero();

    Path resumed = tmp.resolve("resumed");
    Cli b1 = Cli.run(train(resumed, false, concat(common, "train.steps=12")));
    assertThat(b1.exit()).as(b1.err()).isZero();
    assertThat(Checkpoint.read(resumed.resolve(Checkpoint.FILE)).step()).isEqualTo(12);
    Cli b2 = Cli.run(train(resumed, true, concat(common, "train.steps=24")));
    assertThat(b2.exit()).as(b2.err()).isZero();
    assertThat(b2.errLines()).as("the one change named").contains("config differs from the"
        + " checkpoint's: train.steps 12 -> 24; resuming with the new values (to start afresh"
        + " instead, use another --out)");

    List<JsonNode> expected = jsonLines(straight.resolve("train.jsonl"));
    List<JsonNode> actual = jsonLines(resumed.resolve("train.jsonl"));
    assertThat(expected).hasSize(24);
    assertThat(actual).extracting(n -> n.path("step").asLong())
        .containsExactlyElementsOf(expected.stream().map(n -> n.path("step").asLong()).toList());
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i).path("losses")).as("losses at step %d", i + 1)
          .isEqualTo(expected.get(i).path("losses"));
      assertThat(actual.get(i).path("grad_norm")).isEqualTo(expected.get(i).path("grad_norm"));
    }
    Checkpoint x = Checkpoint.read(straight.resolve(Checkpoint.FILE));
    Checkpoint y = Checkpoint.read(resumed.resolve(Checkpoint.FILE));
    assertThat(y.step()).isEqualTo(24);
    assertThat(y.params().toFloatVector()).containsExactly(x.params().toFloatVector());
    assertThat(y.ema().toFloatVector()).containsExactly(x.ema().toFloatVector());
    assertThat(ConfigLoader.load(resumed.resolve("config.yaml"), List.of()).train().steps())
        .as("config.yaml describes the resumed run").isEqualTo(24);
    assertThat(jsonLines(resumed.resolve("evals.jsonl"))).extracting(n -> n.path("step").asLong())
        .containsExactly(12L, 24L);
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  /** SIGTERM (what {@code kill} and service managers send) and SIGINT (Ctrl-C) alike. */
  @ParameterizedTest
  @ValueSource(strings = {"TERM", "INT"})
  void aSignalStopsAfterTheStepWritesACheckpointAndExitsZero(String signal) throws Exception {
    Path out = tmp.resolve("signal-" + signal);
    Path stdout = tmp.resolve("stdout-" + signal + ".txt");
    Path stderr = tmp.resolve("stderr-" + signal + ".txt");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-cp", System.getProperty("java.class.path"), "dev.flowmap.cli.Main", "train",
        "--config", SmokeRun.CONFIG, "--set", "train.steps=100000", "--set", "train.log_every=1",
        "--set", "train.eval_every=0", "--no-serve", "--no-progress", "--out", out.toString())
        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    pb.environment().put("OMP_NUM_THREADS", "1");
    Process p = pb.start();
    try {
      Path log = out.resolve("train.jsonl");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
      while (lines(log) < 5) {
        assertThat(p.isAlive()).as("trainer exited early: %s", Files.readString(stderr)).isTrue();
        assertThat(System.nanoTime()).as("no 5 steps logged within 240 s (a liveness guard, not a speed check)").isLessThan(deadline);
        Thread.sleep(100);
      }
      ProcessRuns.signal(p, signal);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exit within 60 s of SIG%s", signal).isTrue();
    } finally {
      p.destroyForcibly();
    }
    String err = Files.readString(stderr, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(err).isZero();
    Matcher m = Pattern.compile("stopped at step (\\d+); checkpoint written").matcher(err);
    assertThat(m.find()).as(err).isTrue();
    long stopped = Long.parseLong(m.group(1));
    Checkpoint ck = Checkpoint.read(out.resolve(Checkpoint.FILE));
    assertThat(ck.step()).isEqualTo(stopped).isGreaterThanOrEqualTo(5);
    assertFinite(ck.params());
    assertThat(jsonLines(out.resolve("train.jsonl")).get(lines(out.resolve("train.jsonl")) - 1)
        .path("step").asLong()).isEqualTo(stopped);
  }

  private static int lines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    return (int) Files.readAllLines(file).stream().filter(l -> l.endsWith("}")).count();
  }
}

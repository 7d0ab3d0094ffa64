package dev.flowmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmap.train.Checkpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every mistake a user can make on the command line ends in exit code 2 and exactly one line on
 * stderr, {@code error: ...}, naming the key or file and the bad value; no stack trace, and
 * nothing already on disk is touched.
 */
class UserErrorsTest {
  @TempDir
  Path tmp;

  /** Runs {@code args} and checks exit 2 and that stderr is exactly {@code message}. */
  private static Cli fails(String message, String... args) {
    Cli r = Cli.run(args);
    assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isEqualTo(2);
    assertThat(r.errLines()).as("stderr").containsExactly(message);
    assertThat(r.err()).doesNotContain("\tat ", "Exception");
    return r;
  }

  private String[] train(Path out, String... sets) {
    List<String> a = new ArrayList<>(List.of("train", "--config", SmokeRun.CONFIG, "--no-serve",
        "--no-progress", "--out", out.toString()));
    for (String s : sets) {
      a.add("--set");
      a.add(s);
    }
    return a.toArray(String[]::new);
  }

  static Stream<Arguments> badSets() {
    return Stream.of(
        Arguments.of("model.widht=64", "error: --set model.widht=64: unknown key 'model.widht'"),
        Arguments.of("train.batch=abc", "error: train.batch: expected an integer, got 'abc'"),
        Arguments.of("train.batch=0", "error: train.batch must be in [1, 1000000], got 0"),
        Arguments.of("optim.lr=-0.1", "error: optim.lr must be a finite number > 0, got -0.1"),
        Arguments.of("optim.lr=.nan", "error: optim.lr must be a finite number > 0, got NaN"),
        Arguments.of("loss.eta=1.5", "error: loss.eta must be in [0, 1], got 1.5"),
        Arguments.of("loss.eta=-0.25", "error: loss.eta must be in [0, 1], got -0.25"),
        Arguments.of("loss.method=sd", "error: loss.method must be one of [lsd, psd-m, psd-u, esd, fm], got 'sd'"),
        Arguments.of("eval.steps=[1,0,4]", "error: eval.steps[1] must be in [1, 1024], got 0"),
        Arguments.of("model.width=0", "error: model.width must be in [1, 8192], got 0"));
  }

  @ParameterizedTest(name = "--set {0}")
  @MethodSource("badSets")
  void aBadOverrideNamesTheKeyAndValueAndCreatesNoRunDirectory(String set, String message) {
    Path out = tmp.resolve("run");
    fails(message, train(out, set));
    assertThat(out).doesNotExist();
  }

  @Test
  void malformedYamlNamesTheFileAndLine() throws IOException {
    Path yaml = Files.writeString(tmp.resolve("bad.yaml"), "data:\n  cells: [1,\n");
    Path out = tmp.resolve("run");
    fails("error: " + yaml + ": malformed YAML at line 3: expected the node content, but found"
        + " '<stream end>'", "train", "--config", yaml.toString(), "--no-serve", "--out", out.toString());
    assertThat(out).doesNotExist();
  }

  @Test
  void anUnknownKeyInTheFileIsNamedWithItsPath() throws IOException {
    Path yaml = Files.writeString(tmp.resolve("unknown.yaml"), "train:\n  stepz: 3\n");
    fails("error: unknown key 'train.stepz'", "train", "--config", yaml.toString(), "--no-serve",
        "--out", tmp.resolve("run").toString());
  }

  @Test
  void aWrongTypeInTheFileNamesKeyAndValue() throws IOException {
    Path yaml = Files.writeString(tmp.resolve("type.yaml"), "optim:\n  lr: fast\n");
    Cli r = Cli.run("train", "--config", yaml.toString(), "--no-serve", "--out", tmp.resolve("run").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString()
        .startsWith("error: optim.lr: expected a number").contains("'fast'");
  }

  @Test
  void aMissingConfigFileIsNamed() {
    fails("error: config file not found: ../configs/nope.yaml", "train", "--config",
        "../configs/nope.yaml", "--no-serve", "--out", tmp.resolve("run").toString());
  }

  @Test
  void sampleWithZeroStepsIsRefusedBeforeLoadingAnything() {
    fails("error: --steps must be in 1..1024, got '0' (see 'flowmap sample --help')",
        "sample", "--checkpoint", tmp.resolve("none").toString(), "--steps", "0");
  }

  @Test
  void evalWithAZeroAmongItsStepsIsRefused() {
    fails("error: --steps entries must be in 1..1024, got '0' (see 'flowmap eval --help')",
        "eval", "--checkpoint", tmp.resolve("none").toString(), "--steps", "1,0,4");
  }

  @Test
  void anUnknownOptionIsOneLine() {
    fails("error: Unknown options: '--stepz', '2' (see 'flowmap sample --help')",
        "sample", "--checkpoint", "x", "--stepz", "2");
  }

  @Test
  void aMissingCheckpointIsNamed() throws IOException {
    Path missing = tmp.resolve("missing.bin");
    fails("error: checkpoint not found: " + missing, "sample", "--checkpoint", missing.toString());
    Path emptyRun = missing.resolveSibling("run");
    Files.createDirectories(emptyRun);
    fails("error: checkpoint not found: " + emptyRun.resolve(Checkpoint.FILE),
        "eval", "--checkpoint", emptyRun.toString());
  }

  @Test
  void aTruncatedCheckpointIsCorruptAndTheOriginalIsUntouched() throws IOException {
    Path original = SmokeRun.dir().resolve(Checkpoint.FILE);
    byte[] before = Files.readAllBytes(original);
    Path cut = tmp.resolve("cut.bin");
    Files.write(cut, java.util.Arrays.copyOf(before, before.length / 2));
    fails("error: corrupt checkpoint " + cut + ": checksum mismatch", "sample", "--checkpoint",
        cut.toString(), "--count", "5");
    Path tiny = Files.write(tmp.resolve("tiny.bin"), new byte[] {1, 2, 3});
    fails("error: corrupt checkpoint " + tiny + ": only 3 bytes", "eval", "--checkpoint", tiny.toString());
    assertThat(Files.readAllBytes(original)).isEqualTo(before);
  }

  @Test
  void aFlippedByteIsCaughtByTheChecksumAndTheOriginalIsUntouched() throws IOException {
    Path original = SmokeRun.dir().resolve(Checkpoint.FILE);
    byte[] before = Files.readAllBytes(original);
    for (int at : new int[] {0, 100, before.length / 2, before.length - 1}) {
      byte[] bad = before.clone();
      bad[at] ^= 0x10;
      Path flipped = Files.write(tmp.resolve("flip-" + at + ".bin"), bad);
      fails("error: corrupt checkpoint " + flipped + ": checksum mismatch", "eval", "--checkpoint",
          flipped.toString(), "--samples", "1000");
    }
    assertThat(Files.readAllBytes(original)).isEqualTo(before);
  }

  @Test
  void anOutputDirectoryUnderARegularFileCannotBeWritten() throws IOException {
    Path file = Files.writeString(tmp.resolve("plain"), "x");
    Path out = file.resolve("run");
    Cli r = Cli.run(train(out, "train.steps=2"));
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString()
        .startsWith("error: cannot write to output directory " + out + ": ")
        .doesNotContain("Exception");
    assertThat(Files.readString(file)).isEqualTo("x");
  }

  @Test
  void sampleToAFileUnderARegularFileFails() throws IOException {
    Path file = Files.writeString(tmp.resolve("plain"), "x");
    Path out = file.resolve("samples.csv");
    Cli r = Cli.run("sample", "--checkpoint", SmokeRun.dir().toString(), "--count", "5", "--out", out.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString().startsWith("error: cannot write " + out + ": ")
        .doesNotContain("Exception");
    assertThat(Files.readString(file)).isEqualTo("x");
  }

  @Test
  void aFreshTrainIntoAnExistingRunIsRefusedAndLeavesItByteIdentical() throws IOException {
    Path run = tmp.resolve("old");
    Files.createDirectories(run);
    for (String f : new String[] {Checkpoint.FILE, "train.jsonl", "config.yaml", "kl.json"}) {
      Files.copy(SmokeRun.dir().resolve(f), run.resolve(f));
    }
    byte[] checkpoint = Files.readAllBytes(run.resolve(Checkpoint.FILE));
    byte[] log = Files.readAllBytes(run.resolve("train.jsonl"));
    byte[] config = Files.readAllBytes(run.resolve("config.yaml"));
    fails("error: output directory " + run + " already holds a run (checkpoint.bin); use --resume"
        + " to continue it or choose another --out", train(run, "train.steps=2"));
    assertThat(Files.readAllBytes(run.resolve(Checkpoint.FILE))).isEqualTo(checkpoint);
    assertThat(Files.readAllBytes(run.resolve("train.jsonl"))).isEqualTo(log);
    assertThat(Files.readAllBytes(run.resolve("config.yaml"))).isEqualTo(config);
    try (Stream<Path> files = Files.list(run)) {
      assertThat(files.count()).isEqualTo(4);
    }
  }

  @Test
  void resumingWithAnotherModelIsRefusedAndLeavesTheRunIntact() throws IOException {
    Path run = tmp.resolve("resume");
    Files.createDirectories(run);
    for (String f : new String[] {Checkpoint.FILE, "train.jsonl", "config.yaml"}) {
      Files.copy(SmokeRun.dir().resolve(f), run.resolve(f));
    }
    byte[] checkpoint = Files.readAllBytes(run.resolve(Checkpoint.FILE));
    String[] wider = train(run, "model.width=32");
    String[] withResume = java.util.stream.Stream.concat(java.util.Arrays.stream(wider),
        java.util.stream.Stream.of("--resume")).toArray(String[]::new);
    Cli r = Cli.run(withResume);
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString()
        .isEqualTo("error: cannot resume " + run + " with model.width 64 -> 32: the checkpoint's"
            + " weights and optimizer state do not fit it; keep the checkpoint's value, or start"
            + " afresh with another --out");
    assertThat(r.err()).doesNotContain("\tat ", "Exception");
    assertThat(Files.readAllBytes(run.resolve(Checkpoint.FILE))).isEqualTo(checkpoint);
  }

  @Test
  void aPortOutOfRangeIsRefused() {
    Path out = tmp.resolve("run");
    fails("error: --port must be in 0..65535, got '70000' (see 'flowmap train --help')",
        "train", "--config", SmokeRun.CONFIG, "--port", "70000", "--out", out.toString());
    assertThat(out).doesNotExist();
    fails("error: --port must be in 0..65535, got '-1' (see 'flowmap serve --help')",
        "serve", "--checkpoint", "x", "--port", "-1");
  }

  @Test
  void aPortInUseIsAClearError() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      Path out = tmp.resolve("run");
      Cli r = Cli.run("train", "--config", SmokeRun.CONFIG, "--set", "train.steps=2", "--no-progress",
          "--host", "127.0.0.1", "--port", String.valueOf(port), "--out", out.toString());
      assertThat(r.exit()).as(r.err()).isEqualTo(2);
      assertThat(r.errLines()).singleElement().asString()
          .startsWith("error: cannot listen on 127.0.0.1:" + port);
      assertThat(out).as("no empty run directory is left behind").doesNotExist();
    }
  }
}

package dev.flowmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One short smoke run shared by the test classes of this package (surefire runs them in one JVM):
 * 60 steps, logged every 5, evaluated at step 30 and at the end on 2000 samples. Read-only for
 * its users: a test that damages files copies them first.
 */
final class SmokeRun {
  static final String CONFIG = "../configs/smoke.yaml";
  static final List<String> SETS = List.of("train.steps=60", "train.log_every=5",
      "train.eval_every=30", "train.eval_samples=2000", "train.checkpoint_every=30",
      "eval.samples=2000");
  private static Path dir;
  private static Cli result;

  private SmokeRun() {}

  /** The run directory, training it on first use. */
  static synchronized Path dir() {
    if (dir == null) {
      try {
        Path root = Files.createTempDirectory("flowmap-smoke");
        Path out = root.resolve("run");
        result = Cli.run(args(out).toArray(String[]::new));
        assertThat(result.exit()).as("smoke run failed: %s", result.err()).isZero();
        dir = out;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return dir;
  }

  /** What the smoke run printed. */
  static synchronized Cli result() {
    dir();
    return result;
  }

  /** The train arguments of the shared run, writing to {@code out}. */
  static List<String> args(Path out) {
    List<String> a = new java.util.ArrayList<>(List.of("train", "--config", CONFIG, "--no-serve",
        "--no-progress", "--out", out.toString()));
    for (String s : SETS) {
      a.add("--set");
      a.add(s);
    }
    return a;
  }
}

package dev.flowmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowmap.train.Checkpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code train} in a child JVM, signalled where a stop used to wait for long work to finish or
 * was not handled at all: in a periodic evaluation and in the worker calibration. The evaluation
 * is made so long (a million samples at N = 1024) that finishing it would take minutes, so an
 * exit within {@link #BOUND_S} shows it was abandoned; the bound is a liveness guard for a loaded
 * machine, not a speed check (the 5 s of the issue is measured in docs/compose.md).
 */
class TrainStopTest {
  /** Seconds from the signal to the exit: far below the abandoned work's minutes. */
  private static final long BOUND_S = 30;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  private static List<String> train(Path out, String... sets) {
    List<String> a = new ArrayList<>(List.of("train", "--config", SmokeRun.CONFIG, "--no-serve",
        "--no-progress", "--out", out.toString()));
    for (String s : sets) {
      a.add("--set");
      a.add(s);
    }
    return a;
  }

  private static List<Long> loggedSteps(Path file) throws IOException {
    List<Long> steps = new ArrayList<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        if (line.endsWith("}")) {
          steps.add(JSON.readTree(line).path("step").asLong());
        }
      }
    }
    return steps;
  }

  /**
   * Step 20's evaluation (a million samples at N = 1024) is abandoned: the checkpoint is of step
   * 20, no evaluation of step 20 is logged, and the process exits 0; the resume redoes it.
   */
  @ParameterizedTest
  @ValueSource(strings = {"TERM", "INT"})
  void aSignalDuringAnEvaluationAbandonsItAndCheckpointsTheStep(String signal) throws Exception {
    Path out = tmp.resolve("run");
    Path stdout = tmp.resolve("out.txt");
    Path stderr = tmp.resolve("err.txt");
    Process p = ProcessRuns.start(stdout, stderr, train(out, "train.steps=1000", "train.log_every=1",
        "train.eval_every=20", "train.eval_samples=1000000", "eval.steps=[1024]",
        "train.checkpoint_every=0", "train.threads=1").toArray(String[]::new));
    try {
      ProcessRuns.await(p, out.resolve("train.jsonl"), Pattern.compile("\"step\":20,"));
      ProcessRuns.signal(p, signal); // step 20 is logged just before its evaluation starts
      assertThat(ProcessRuns.exits(p, BOUND_S)).as("exit within %d s of SIG%s: %s", BOUND_S, signal,
          Files.readString(stderr)).isTrue();
    } finally {
      p.destroyForcibly();
    }
    String err = Files.readString(stderr, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(err).isZero();
    assertThat(err).contains("stopping:", "stopped at step 20; checkpoint written");
    assertThat(Checkpoint.read(out.resolve(Checkpoint.FILE)).step()).isEqualTo(20);
    assertThat(loggedSteps(out.resolve("evals.jsonl"))).as("the evaluation was abandoned").isEmpty();

    List<String> resume = train(out, "train.steps=21", "train.log_every=1", "train.eval_every=20",
        "train.eval_samples=1000", "eval.steps=[1]", "eval.samples=1000", "train.checkpoint_every=0",
        "train.threads=1");
    resume.add("--resume");
    Cli r = Cli.run(resume.toArray(String[]::new));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(loggedSteps(out.resolve("evals.jsonl"))).as("step 20's evaluation redone, then the final one")
        .containsExactly(20L, 21L);
  }

  /**
   * The automatic thread split times five loss stages of a 512-wide network on batches of 8192
   * per worker count; a SIGTERM in it ends the process with exit 0 (it used to end it with 143,
   * the handlers were not yet installed), says so, and leaves no run directory behind.
   */
  @Test
  void aSignalDuringTheWorkerCalibrationExitsZeroWithoutTraining() throws Exception {
    Path out = tmp.resolve("calibrating");
    Path stdout = tmp.resolve("out.txt");
    Path stderr = tmp.resolve("err.txt");
    List<String> args = train(out, "train.threads=0", "model.width=512", "model.depth=4",
        "train.batch=8192");
    args.remove("--no-progress"); // the progress output says when the calibration starts
    Process p = ProcessRuns.start(stdout, stderr, args.toArray(String[]::new));
    try {
      ProcessRuns.await(p, stderr, Pattern.compile("timing the loss stage"));
      ProcessRuns.signal(p, "TERM");
      assertThat(ProcessRuns.exits(p, BOUND_S)).as("exit within %d s of SIGTERM: %s", BOUND_S,
          Files.readString(stderr)).isTrue();
    } finally {
      p.destroyForcibly();
    }
    String err = Files.readString(stderr, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(err).isZero();
    assertThat(err).contains("stopped during the worker calibration, before the first step;"
        + " nothing was trained").doesNotContain("run directory:", "Exception");
    assertThat(out).doesNotExist();
  }
}

package dev.flowmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowmap.config.ConfigLoader;
import dev.flowmap.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starting {@code train} again in a run directory: logs of a start that wrote no checkpoint are
 * moved aside, not appended to; a config that differs from the checkpoint's is named in one line
 * and used, or refused where the checkpoint cannot follow it.
 */
class TrainRestartTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] QUICK = {"train.log_every=1", "train.eval_every=0",
      "train.checkpoint_every=0", "eval.samples=1000", "eval.steps=[1]"};

  @TempDir
  Path tmp;

  private static List<String> train(Path out, boolean resume, String... sets) {
    List<String> a = new ArrayList<>(List.of("train", "--config", SmokeRun.CONFIG, "--no-serve",
        "--no-progress", "--out", out.toString()));
    if (resume) {
      a.add("--resume");
    }
    for (String s : Stream.concat(Stream.of(QUICK), Stream.of(sets)).toList()) {
      a.add("--set");
      a.add(s);
    }
    return a;
  }

  private static List<Long> steps(Path file) throws IOException {
    List<Long> steps = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        steps.add(JSON.readTree(line).path("step").asLong());
      }
    }
    return steps;
  }

  /** What a run killed before its first checkpoint leaves: steps 10 to 300 and an evaluation. */
  @Test
  void aFreshStartMovesTheLogsOfAnEarlierStartAsideWithOneLine() throws IOException {
    Path run = tmp.resolve("run");
    Files.createDirectories(run);
    StringBuilder old = new StringBuilder();
    for (int s = 10; s <= 300; s += 10) {
      old.append("{\"step\":").append(s).append(",\"losses\":{\"total\":1.0}}\n");
    }
    Files.writeString(run.resolve("train.jsonl"), old);
    Files.writeString(run.resolve("evals.jsonl"), "{\"step\":100,\"rows\":[]}\n");

    Cli r = Cli.run(train(run, true, "train.steps=4").toArray(String[]::new));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(steps(run.resolve("train.jsonl"))).containsExactly(1L, 2L, 3L, 4L);
    assertThat(steps(run.resolve("evals.jsonl"))).containsExactly(4L);
    List<String> notices = r.errLines().stream().filter(l -> l.startsWith("fresh start in ")).toList();
    assertThat(notices).singleElement().asString().startsWith("fresh start in " + run
        + ": moved train.jsonl, evals.jsonl of an earlier start that wrote no checkpoint to "
        + run.resolve("stale-"));
    Path aside = Path.of(notices.get(0).substring(notices.get(0).lastIndexOf(" to ") + 4));
    assertThat(aside.getParent()).isEqualTo(run);
    assertThat(aside.resolve("train.jsonl")).hasContent(old.toString());
    assertThat(aside.resolve("evals.jsonl")).hasContent("{\"step\":100,\"rows\":[]}\n");
  }

  /**
   * An edited config on resume: the changed keys are named with both values in one line and the
   * new values are used; train.threads 0 (auto) keeps the worker count the run chose, so it is no
   * change; without --config the run goes on with the checkpoint's config.
   */
  @Test
  void aChangedConfigIsNamedInOneLineAndUsed() throws IOException {
    Path run = tmp.resolve("run");
    Cli first = Cli.run(train(run, false, "train.steps=4", "train.threads=0").toArray(String[]::new));
    assertThat(first.exit()).as(first.err()).isZero();

    Cli r = Cli.run(train(run, true, "train.steps=6", "optim.lr=1e-3").toArray(String[]::new));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.errLines().stream().filter(l -> l.contains("differs")).toList()).containsExactly(
        "config differs from the checkpoint's: optim.lr 0.002 -> 0.001, train.steps 4 -> 6;"
            + " resuming with the new values (to start afresh instead, use another --out)");
    assertThat(Checkpoint.read(run.resolve(Checkpoint.FILE)).step()).isEqualTo(6);
    assertThat(ConfigLoader.load(run.resolve("config.yaml"), List.of()).optim().lr()).isEqualTo(1e-3);

    Cli plain = Cli.run("train", "--out", run.toString(), "--resume", "--no-serve", "--no-progress",
        "--set", "train.steps=7");
    assertThat(plain.exit()).as(plain.err()).isZero();
    assertThat(plain.errLines().stream().filter(l -> l.contains("differs")).toList()).containsExactly(
        "config differs from the checkpoint's: train.steps 6 -> 7;"
            + " resuming with the new values (to start afresh instead, use another --out)");
    assertThat(ConfigLoader.load(run.resolve("config.yaml"), List.of()).optim().lr())
        .as("the checkpoint's lr, not configs/default.yaml's").isEqualTo(1e-3);
  }

  @Test
  void changingTheOptimizerOnResumeIsRefusedWithExit2AndOneLine() throws IOException {
    Path run = tmp.resolve("run");
    Cli first = Cli.run(train(run, false, "train.steps=2", "train.threads=1").toArray(String[]::new));
    assertThat(first.exit()).as(first.err()).isZero();
    byte[] checkpoint = Files.readAllBytes(run.resolve(Checkpoint.FILE));

    Cli r = Cli.run(train(run, true, "train.steps=4", "train.threads=1", "optim.name=radam")
        .toArray(String[]::new));
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errLines()).containsExactly("error: cannot resume " + run + " with optim.name"
        + " adamw -> radam: the checkpoint's weights and optimizer state do not fit it; keep the"
        + " checkpoint's value, or start afresh with another --out");
    assertThat(Files.readAllBytes(run.resolve(Checkpoint.FILE))).isEqualTo(checkpoint);
  }
}

package dev.flowmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
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
 * moved aside, not appended to.
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
}

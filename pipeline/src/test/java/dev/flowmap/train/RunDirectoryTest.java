package dev.flowmap.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowmap.config.RunConfig;
import dev.flowmap.eval.EvalReport;
import dev.flowmap.eval.KlRow;
import dev.flowmap.loss.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run directory's files: the config and provenance a start writes, what an earlier start left
 * behind moved aside, the step and eval logs appended, cut back on resume and read back.
 */
class RunDirectoryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Platform PLATFORM = new Platform("fused", "17", "cpu", "Haswell");
  private static final Instant START = Instant.parse("2024-01-02T03:04:05Z");

  @TempDir
  Path tmp;

  @Test
  void createWritesTheConfigAndProvenance() throws Exception {
    RunDirectory dir = new RunDirectory(tmp.resolve("run"));
    assertThat(dir.create(RunConfig.defaults(), START, PLATFORM, null)).isNull();
    assertThat(tmp.resolve("run/config.yaml")).exists();
    JsonNode p = JSON.readTree(tmp.resolve("run/provenance.json").toFile());
    List<String> keys = new ArrayList<>();
    p.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("seed", "git_commit", "nd4j_backend", "blas", "blas_core", "java",
        "jdk", "cpu", "elementwise_path", "cores", "start_time");
    assertThat(p.path("start_time").asText()).isEqualTo("2024-01-02T03:04:05Z");
    assertThat(p.path("elementwise_path").asText()).isEqualTo("fused");
    assertThat(p.path("blas_core").asText()).isEqualTo("Haswell");
  }

  @Test
  void aFreshStartMovesAnEarlierStartsResultsAside() throws Exception {
    Path run = tmp.resolve("run");
    Files.createDirectories(run.resolve("stale-20240102-030405"));
    Files.writeString(run.resolve("train.jsonl"), "{}\n");
    Files.writeString(run.resolve("kl.md"), "|");
    String notice = new RunDirectory(run).create(RunConfig.defaults(), START, PLATFORM, null);
    Path aside = run.resolve("stale-20240102-030405-2");
    assertThat(notice).isEqualTo("fresh start in " + run + ": moved train.jsonl, kl.md of an earlier"
        + " start that wrote no checkpoint to " + aside);
    assertThat(aside.resolve("train.jsonl")).hasContent("{}");
    assertThat(run.resolve("train.jsonl")).doesNotExist();
  }

  @Test
  void logsAppendAreCutBackOnResumeAndReadBack() throws Exception {
    RunDirectory dir = new RunDirectory(tmp);
    for (long s = 1; s <= 3; s++) {
      dir.logs().step(new StepEvent(s, Method.LSD, Map.of("diag", 1.0 / s, "lsd", 2.0 / s), 0.5, 1e-3,
          0.99, 1_000_000, false));
    }
    dir.close();
    for (long s : new long[] {2, 3}) {
      dir.logs().eval(new EvalReport(s, 100, "ema", List.of(new KlRow(1, 0.5, 0.01, 0.9))));
    }
    assertThat(dir.logs().hasEval(2)).isTrue();
    assertThat(dir.logs().hasEval(1)).isFalse();
    Map<String, double[][]> curves = dir.logs().lossCurves();
    assertThat(curves).containsOnlyKeys("diag", "lsd");
    assertThat(curves.get("lsd")[0]).containsExactly(1, 2, 3);
    assertThat(curves.get("lsd")[1]).containsExactly(2.0, 1.0, 2.0 / 3);

    dir.logs().truncate(2);
    assertThat(Files.readAllLines(dir.trainLog())).hasSize(2);
    assertThat(dir.logs().hasEval(3)).isFalse();
    assertThat(dir.logs().hasEval(2)).isTrue();
    JsonNode step = JSON.readTree(Files.readAllLines(dir.trainLog()).get(1));
    assertThat(step.path("method").asText()).isEqualTo("lsd");
    assertThat(step.path("step_ms").asDouble()).isEqualTo(1.0);
    assertThat(JSON.readTree(Files.readAllLines(dir.evalLog()).get(0)).has("time")).isTrue();
    dir.close();
  }

  @Test
  void refusesAFreshStartOverACheckpoint() throws Exception {
    Files.writeString(tmp.resolve(Checkpoint.FILE), "x");
    assertThatThrownBy(() -> new RunDirectory(tmp).refuseExistingRun())
        .isInstanceOf(RunDirectoryException.class).hasMessageContaining("--resume");
  }
}

package dev.flowmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench}: the text lines and the JSON keys that docs/speed.md and the README show, on the
 * smoke model with one timed step (the numbers are not checked, only their shape).
 */
class BenchCommandTest {
  private static final String NUM = "[0-9.]+";

  @Test
  void printsTheDocumentedLinesAndWritesTheJson(@TempDir Path tmp) throws Exception {
    Path json = tmp.resolve("bench.json");
    Cli r = Cli.run("bench", "--config", "../configs/smoke.yaml", "--methods", "fm,lsd",
        "--steps", "1", "--warmup", "0", "--profile", "--json", json.toString(),
        "--set", "train.threads=0");
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).matches("model 64x2 silu, batch 256, \\d+ cores, train.threads=0");
    assertThat(lines.get(1)).startsWith("hidden layers' element-wise work: ");
    assertThat(lines.get(2)).matches("OpenBLAS core: [A-Za-z0-9]+.*");
    assertThat(lines.get(3)).matches("plain GEMM 256x64 by 64x64: " + NUM
        + " GFLOP/s on one thread; on \\d+ threads " + NUM + " GFLOP/s, and " + NUM
        + " for 512x64 by 64x64");
    assertThat(lines.get(4)).matches("fm: auto split, loss stage tried with(  \\d+ workers? " + NUM
        + " ms)+; chose \\d+");
    assertThat(lines.get(5)).matches("fm +\\d+ workers? *: +" + NUM + " ms/step +" + NUM
        + " steps/s +" + NUM + " GFLOP/step +" + NUM + " GFLOP/s +-?" + NUM + " allocs/step +-?\\d+"
        + " heap bytes/step");
    assertThat(lines.get(6)).startsWith("lsd: auto split");
    assertThat(lines.get(7)).startsWith("lsd ");
    assertThat(lines.get(8)).isEqualTo(
        "per-phase split of one step on one worker (ms; thin: GEMMs with a side of at most 64):");
    assertThat(lines.get(9).split(" +")).containsExactly("method", "batch", "GEMM", "thin", "fused", "ND4J",
        "e-wise", "other-loss", "optimizer", "total");
    assertThat(lines.get(10)).matches("fm( +-?" + NUM + "){8}");
    assertThat(lines.get(11)).matches("lsd( +-?" + NUM + "){8}");
    assertThat(lines.get(12)).isEqualTo("the step's stages on its workers (ms; optimizer split over the workers):");
    assertThat(lines.get(13).split(" +")).containsExactly("method", "workers", "batch", "loss", "optimizer",
        "total");
    assertThat(lines.get(14)).matches("fm +\\d+( +" + NUM + "){4}");
    assertThat(lines.get(15)).matches("lsd +\\d+( +" + NUM + "){4}");
    assertThat(lines.get(16)).matches("one-step generation: \\d+ samples/s \\(\\d+ threads, one sampler each\\)");
    assertThat(lines.get(17)).isEqualTo("wrote " + json);

    JsonNode root = new ObjectMapper().readTree(lines.get(18));
    assertThat(new ObjectMapper().readTree(Files.readString(json))).isEqualTo(root);
    assertThat(root.path("activation").asText()).isEqualTo("silu");
    assertThat(fieldNames(root)).containsExactly("width", "depth", "batch", "activation", "cores",
        "train_threads", "elementwise_path", "blas_core", "gemm_gflops_one_thread_256x64x64",
        "gemm_gflops_256x64x64", "gemm_gflops_512x64x64", "methods", "profile_one_worker_ms",
        "profile_stages_ms", "one_step_samples_per_second", "generation_threads");
    assertThat(root.path("methods")).extracting(n -> n.path("method").asText())
        .containsExactly("fm", "lsd");
    assertThat(fieldNames(root.path("methods").get(0))).containsExactly("method",
        "splits_tried_loss_stage_ms", "workers", "gemm_threads", "ms_per_step", "steps_per_second",
        "gflop_per_step", "gflops", "native_allocations_per_step", "heap_bytes_per_step");
    assertThat(fieldNames(root.path("profile_one_worker_ms").get(1))).containsExactly("batch", "gemm",
        "thin_gemm", "fused", "elementwise", "other_loss", "optimizer", "total", "method");
    assertThat(fieldNames(root.path("profile_stages_ms").get(1))).containsExactly("workers", "batch", "loss",
        "optimizer", "total", "method");
    assertThat(root.path("profile_stages_ms").get(1).path("workers").asInt())
        .isEqualTo(root.path("methods").get(1).path("workers").asInt());
    assertThat(root.path("one_step_samples_per_second").asDouble()).isPositive();
    assertThat(root.path("methods").get(1).path("heap_bytes_per_step").asDouble()).isNotNegative();
  }

  @Test
  void withFixedWorkersPrintsNoSplitLine(@TempDir Path tmp) throws Exception {
    Cli r = Cli.run("bench", "--config", "../configs/smoke.yaml", "--methods", "lsd",
        "--steps", "1", "--warmup", "0", "--json", tmp.resolve("b.json").toString(),
        "--set", "train.threads=1");
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(4)).startsWith("lsd    1 worker : ");
    assertThat(lines.get(5)).startsWith("one-step generation: ");
    JsonNode row = new ObjectMapper().readTree(lines.get(7)).path("methods").get(0);
    assertThat(row.has("splits_tried_loss_stage_ms")).isFalse();
    assertThat(row.path("workers").asInt()).isEqualTo(1);
  }

  @Test
  void refusesAnUnknownMethodNamingIt() {
    Cli r = Cli.run("bench", "--config", "../configs/smoke.yaml", "--methods", "lsd,nope");
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("nope").contains("--methods").doesNotContain("Exception");
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }
}

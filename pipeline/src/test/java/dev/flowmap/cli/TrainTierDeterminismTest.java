package dev.flowmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowmap.train.Checkpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Same seed, same bits, whatever the JIT does: 300 smoke steps on two workers in two fresh JVMs,
 * one of them limited to C1, log the same losses at every logged step and end with the same
 * weights, on the fused element-wise path.
 */
@Timeout(600)
class TrainTierDeterminismTest {
  @TempDir
  Path tmp;

  @Test
  void aC1OnlyJvmTrainsTheSameBitsAsAFullJitOne() throws Exception {
    Path full = train("full", List.of());
    Path c1 = train("c1", List.of("-XX:TieredStopAtLevel=1"));

    List<JsonNode> a = losses(full);
    List<JsonNode> b = losses(c1);
    assertThat(a).hasSize(30);
    assertThat(b).as("every logged loss, C1 only against full JIT").isEqualTo(a);
    Checkpoint x = Checkpoint.read(full.resolve(Checkpoint.FILE));
    Checkpoint y = Checkpoint.read(c1.resolve(Checkpoint.FILE));
    assertThat(x.platform().elementwisePath()).isEqualTo("fused");
    assertThat(y.platform().elementwisePath()).isEqualTo("fused");
    assertThat(y.step()).isEqualTo(300);
    assertThat(y.params().castTo(DataType.FLOAT).toFloatVector())
        .as("final weights").isEqualTo(x.params().castTo(DataType.FLOAT).toFloatVector());
  }

  /**
   * The step log without its timing field: the losses, gradient norm and learning rate, as JSON
   * trees (the order of the loss terms in a line may differ, their values may not).
   */
  private static List<JsonNode> losses(Path run) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(run.resolve("train.jsonl"), StandardCharsets.UTF_8)) {
      ObjectNode n = (ObjectNode) json.readTree(line);
      n.remove("step_ms");
      out.add(n);
    }
    return out;
  }

  private Path train(String name, List<String> jvm) throws Exception {
    Path out = tmp.resolve(name);
    Path stdout = tmp.resolve(name + ".out");
    Path stderr = tmp.resolve(name + ".err");
    Process p = ProcessRuns.startMain(jvm, "dev.flowmap.cli.Main", stdout, stderr, "train", "--config", SmokeRun.CONFIG,
        "--no-serve", "--no-progress", "--out", out.toString(), "--set", "train.steps=300",
        "--set", "train.threads=2", "--set", "train.log_every=10", "--set", "train.eval_every=0",
        "--set", "train.checkpoint_every=0", "--set", "eval.samples=2000");
    boolean done = p.waitFor(280, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    String err = Files.readString(stderr, StandardCharsets.UTF_8);
    assertThat(done).as("%s run within 280 s: %s", name, err).isTrue();
    assertThat(p.exitValue()).as("%s run: %s", name, err).isZero();
    return out;
  }
}

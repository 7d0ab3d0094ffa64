package dev.flowmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowmap.config.ConfigLoader;
import dev.flowmap.model.Activation;
import dev.flowmap.model.FlowMapMlp;
import dev.flowmap.model.KnownFields;
import dev.flowmap.train.Checkpoint;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@code --integrate} on {@code sample} and {@code eval}, on a checkpoint whose network has a
 * known field: v(x, s, t) = a x + p s + q t + d, so the diagonal velocity b_t(x) = a x + c t + d
 * (c = p + q) has the closed-form flow x(1) = e^a x0 + d (e^a - 1) / a + c (e^a - 1 - a) / a^2,
 * the independent sampler the integrators are checked against.
 */
class IntegrateOptionTest {
  private static final double A = 0.8;
  private static final double P = 0.6;
  private static final double Q = -1.4;
  private static final double D0 = 0.3;
  private static final double D1 = -0.2;
  private static final int COUNT = 300;

  @TempDir
  static Path tmp;
  private static Path checkpoint;

  @BeforeAll
  static void writeKnownFieldCheckpoint() throws Exception {
    String yaml = ConfigLoader.toYaml(ConfigLoader.fromYamlString(
        "model: {width: 8, depth: 1, activation: silu}\neval: {steps: [1, 64], samples: 2000}\n", List.of()));
    FlowMapMlp net = KnownFields.affine(Activation.SILU, DataType.FLOAT, A, P, Q, D0, D1);
    checkpoint = tmp.resolve("known.bin");
    new Checkpoint(yaml, 1, net.params(), List.of(), null).write(checkpoint);
  }

  private static double[] sample(String... extra) {
    String[] args = new String[extra.length + 7];
    System.arraycopy(new String[] {"sample", "--checkpoint", checkpoint.toString(), "--count",
        String.valueOf(COUNT), "--seed", "5"}, 0, args, 0, 7);
    System.arraycopy(extra, 0, args, 7, extra.length);
    Cli r = Cli.run(args);
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = r.out().lines().skip(1).toList();
    assertThat(lines).hasSize(COUNT);
    double[] xy = new double[2 * COUNT];
    for (int i = 0; i < COUNT; i++) {
      String[] f = lines.get(i).split(",");
      xy[2 * i] = Double.parseDouble(f[0]);
      xy[2 * i + 1] = Double.parseDouble(f[1]);
    }
    return xy;
  }

  /** The exact flow of b_t from x0 = (one map jump y = (1 + a) x0 + q + d, solved for x0). */
  private static double[] exactFlow(double[] oneJump) {
    double e = Math.exp(A);
    double c = P + Q;
    double[] d = {D0, D1};
    double[] out = new double[oneJump.length];
    for (int i = 0; i < oneJump.length; i++) {
      double x0 = (oneJump[i] - Q - d[i % 2]) / (1 + A);
      out[i] = e * x0 + d[i % 2] * (e - 1) / A + c * (e - 1 - A) / (A * A);
    }
    return out;
  }

  private static double maxError(double[] got, double[] want) {
    double m = 0;
    for (int i = 0; i < got.length; i++) {
      m = Math.max(m, Math.abs(got[i] - want[i]));
    }
    return m;
  }

  @Test
  void heunConvergesToTheExactFlowAtSecondOrderAndEulerAtFirst() {
    double[] exact = exactFlow(sample("--integrate", "map", "--steps", "1"));
    double heun32 = maxError(sample("--integrate", "heun", "--steps", "32"), exact);
    double heun64 = maxError(sample("--integrate", "heun", "--steps", "64"), exact);
    double euler32 = maxError(sample("--integrate", "euler", "--steps", "32"), exact);
    double euler64 = maxError(sample("--integrate", "euler", "--steps", "64"), exact);
    assertThat(heun64).isLessThan(5e-4);
    assertThat(euler64).isGreaterThan(20 * heun64);
    assertThat(euler32 / euler64).as("euler: first order").isBetween(1.8, 2.2);
    assertThat(heun32 / heun64).as("heun: second order").isBetween(3.0, 5.0);
  }

  @Test
  void theMapIsNotTheFlowAndIsTheDefault() {
    double[] exact = exactFlow(sample("--integrate", "map", "--steps", "1"));
    double[] map64 = sample("--steps", "64");
    assertThat(sample("--integrate", "map", "--steps", "64")).containsExactly(map64);
    // the map evaluates v at (t_k, t_k+1), not (t_k, t_k): its q t term is off by q / 64 / 2 per unit
    assertThat(maxError(map64, exact)).isGreaterThan(5e-3);
  }

  @Test
  void evalNamesTheSamplerAndScoresTheIntegratedSamples() throws Exception {
    ObjectMapper json = new ObjectMapper();
    Cli map = Cli.run("eval", "--checkpoint", checkpoint.toString(), "--samples", "2000");
    Cli heun = Cli.run("eval", "--checkpoint", checkpoint.toString(), "--samples", "2000",
        "--integrate", "heun");
    assertThat(map.exit()).as(map.err()).isZero();
    assertThat(heun.exit()).as(heun.err()).isZero();
    JsonNode m = json.readTree(map.out());
    JsonNode h = json.readTree(heun.out());
    assertThat(m.path("sampler").asText()).isEqualTo("map");
    assertThat(h.path("sampler").asText()).isEqualTo("heun");
    // one step: the map jumps with v(x, 0, 1), Heun averages b_0 and b_1 (different fields here)
    assertThat(h.path("rows").get(0).path("in_support").asDouble())
        .isNotEqualTo(m.path("rows").get(0).path("in_support").asDouble());
  }

  @Test
  void aBadIntegratorIsAUsageErrorNamingTheValue() {
    for (String command : new String[] {"sample", "eval"}) {
      Cli r = Cli.run(command, "--checkpoint", checkpoint.toString(), "--integrate", "rk4");
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.err()).contains("--integrate").contains("rk4").doesNotContain("Exception");
    }
  }
}

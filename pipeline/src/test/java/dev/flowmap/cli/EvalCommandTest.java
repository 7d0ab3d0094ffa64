package dev.flowmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code eval}: JSON on stdout with one row per requested N, scored on --samples samples. */
class EvalCommandTest {
  @Test
  void printsJsonWithARowPerRequestedN() throws Exception {
    Cli r = Cli.run("eval", "--checkpoint", SmokeRun.dir().toString(), "--steps", "1,3",
        "--samples", "1500");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode report = new ObjectMapper().readTree(r.out());
    assertThat(report.path("step").asLong()).isEqualTo(60);
    assertThat(report.path("samples").asInt()).isEqualTo(1500);
    assertThat(report.path("bins").asInt()).isEqualTo(60);
    assertThat(report.path("kl_form").asText()).isEqualTo("probability");
    assertThat(report.path("rows")).extracting(n -> n.path("steps").asInt()).containsExactly(1, 3);
    for (JsonNode row : report.path("rows")) {
      // a missing or non-numeric kl fails here (path().asDouble() would read it as 0)
      assertThat(row.has("kl")).as(row.toString()).isTrue();
      assertThat(row.get("kl").isNumber()).as(row.toString()).isTrue();
      assertThat(row.get("kl").asDouble()).isPositive().isLessThan(Double.POSITIVE_INFINITY);
      assertThat(row.has("floor")).as(row.toString()).isTrue();
      assertThat(row.get("floor").isNumber()).isTrue();
      assertThat(row.get("floor").asDouble()).isPositive();
      assertThat(row.path("n").asInt()).isEqualTo(1500);
    }
  }

  @Test
  void defaultsToTheRunsEvalSteps() throws Exception {
    Cli r = Cli.run("eval", "--checkpoint", SmokeRun.dir().resolve("checkpoint.bin").toString(),
        "--samples", "1000", "--weights", "raw");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode report = new ObjectMapper().readTree(r.out());
    assertThat(report.path("weights").asText()).isEqualTo("raw");
    assertThat(report.path("rows")).extracting(n -> n.path("steps").asInt()).containsExactly(1, 2, 4);
  }
}

package dev.flowmap.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KlTablesTest {
  @TempDir Path dir;

  private static EvalReport report(double... klAndSupport) {
    return new EvalReport(30_000, 1_000_000, "ema", List.of(
        new KlRow(1, klAndSupport[0], 0.0803, klAndSupport[1]),
        new KlRow(2, klAndSupport[2], 0.0803, klAndSupport[3])));
  }

  @Test
  void jsonRoundTripsWithTheDocumentedFieldNames() throws Exception {
    EvalReport written = new EvalReport(1234, 50_000, 50, "raw", List.of(
        new KlRow(1, 12.345678901234567, 1.6, 0.91), new KlRow(16, 0.25, Double.NaN, 1.0)));
    Path file = dir.resolve("kl.json");
    KlTables.writeJson(file, written);
    assertThat(KlTables.readJson(file)).isEqualTo(written);

    JsonNode tree = new ObjectMapper().readTree(file.toFile());
    assertThat(tree.get("step").asLong()).isEqualTo(1234);
    assertThat(tree.get("samples").asInt()).isEqualTo(50_000);
    assertThat(tree.get("weights").asText()).isEqualTo("raw");
    assertThat(tree.get("bins").asInt()).isEqualTo(50);
    assertThat(tree.get("kl_form").asText()).isEqualTo("probability");
    JsonNode row = tree.get("rows").get(0);
    assertThat(row.get("steps").asInt()).isEqualTo(1);
    assertThat(row.get("kl").asDouble()).isEqualTo(12.345678901234567);
    assertThat(row.get("floor").asDouble()).isEqualTo(1.6);
    assertThat(row.get("n").asInt()).isEqualTo(50_000);
    assertThat(row.get("in_support").asDouble()).isEqualTo(0.91);
  }

  @Test
  void markdownHasAColumnPerMethodAndARowPerN() throws Exception {
    Map<String, EvalReport> byMethod = new LinkedHashMap<>();
    byMethod.put("lsd", report(0.4576, 0.99, 0.4298, 0.995));
    byMethod.put("psd-m", new EvalReport(30_000, 1_000_000, "ema",
        List.of(new KlRow(1, 1.5893, 0.0803, 0.95), new KlRow(4, 0.5197, 0.0803, 0.98))));
    String md = KlTables.markdown(byMethod);
    assertThat(md.lines().toList()).containsExactly(
        "| N | KL (lsd) | KL (psd-m) | floor | n | in-support (lsd) | in-support (psd-m) |",
        "|---|---|---|---|---|---|---|",
        "| 1 | 0.4576 | 1.5893 | 0.0803 | 1,000,000 | 0.9900 | 0.9500 |",
        "| 2 | 0.4298 | - | 0.0803 | 1,000,000 | 0.9950 | - |",
        "| 4 | - | 0.5197 | 0.0803 | 1,000,000 | - | 0.9800 |",
        "",
        "KL(target || generated), the seed notebook's probability-form histogram KL: 60 x 60 bins"
            + " on [-2.5, 2.5]^2, n target and n generated samples per N; floor: the same estimator"
            + " between two independent target samples of size n. Density-form KL (seed"
            + " src/utils.py) = this x 144 (1 / bin area).");
    Path file = dir.resolve("sub/kl.md");
    KlTables.writeMarkdown(file, byMethod);
    assertThat(Files.readString(file)).isEqualTo(md);
  }

  @Test
  void refusesATableFromBeforeTheProbabilityForm() throws Exception {
    Path file = dir.resolve("old.json");
    Files.writeString(file, "{\"step\": 1, \"samples\": 1000, \"weights\": \"ema\", \"rows\": []}");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> KlTables.readJson(file))
        .isInstanceOf(java.io.IOException.class).hasMessageContaining("not a probability-form KL table");
  }
}

package dev.flowmap.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
  void theSamplerIsNamedAndRoundTripsAndAnOlderTableWithoutItWasTheMap() throws Exception {
    EvalReport heun = new EvalReport(9, 1000, 60, "ema", List.of(new KlRow(64, 0.05, 0.1, 0.97)), "heun");
    Path file = dir.resolve("heun.json");
    KlTables.writeJson(file, heun);
    assertThat(new ObjectMapper().readTree(file.toFile()).get("sampler").asText()).isEqualTo("heun");
    assertThat(KlTables.readJson(file)).isEqualTo(heun);
    Path old = dir.resolve("old.json");
    java.nio.file.Files.writeString(old, KlTables.toJson(heun, true).replace("\"sampler\" : \"heun\",", ""));
    assertThat(KlTables.toJson(heun, true)).contains("\"sampler\" : \"heun\"");
    assertThat(KlTables.readJson(old).sampler()).isEqualTo("map");
  }

  @Test
  void anyLayoutReadsTheCurrentTableAsItIsAndAnOlderOneWithItsGapsFilled() throws Exception {
    EvalReport written = new EvalReport(1234, 50_000, 50, "raw", List.of(
        new KlRow(1, 0.5, 0.0115, 0.91), new KlRow(4, 0.25, 0.0115, 1.0)));
    Path current = dir.resolve("current.json");
    KlTables.writeJson(current, written);
    assertThat(KlTables.readAnyLayout(current)).isEqualTo(written);

    // an older layout: n at the top, one floor for the whole table, no kl_form, bins or weights
    Path old = dir.resolve("old.json");
    Files.writeString(old, "{\"step\":20,\"n\":100000,\"floor\":0.0115,\"rows\":["
        + "{\"steps\":2,\"kl\":0.3,\"in_support\":0.8},{\"steps\":1,\"floor\":0.02}]}");
    assertThatThrownBy(() -> KlTables.readJson(old)).isInstanceOf(java.io.IOException.class);
    assertThat(KlTables.readAnyLayout(old)).isEqualTo(new EvalReport(20, 100_000, 0, "", List.of(
        new KlRow(2, 0.3, 0.0115, 0.8), new KlRow(1, Double.NaN, 0.02, Double.NaN)), "map"));
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
    assertThat(tree.get("sampler").asText()).isEqualTo("map");
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

  @Test
  void toJsonIsTheFilesTextIndentedOrOnOneLine() throws Exception {
    EvalReport report = new EvalReport(7, 1000, 50, "ema", List.of(new KlRow(2, 0.5, 0.25, 0.75)));
    String indented = KlTables.toJson(report, true);
    String oneLine = KlTables.toJson(report, false);
    assertThat(indented).contains("\n");
    assertThat(oneLine).doesNotContain("\n").startsWith("{\"step\":7,");
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(oneLine)).isEqualTo(json.readTree(indented));
    Path file = dir.resolve("kl.json");
    KlTables.writeJson(file, report);
    assertThat(json.readTree(file.toFile())).isEqualTo(json.readTree(oneLine));
    assertThat(json.readTree(oneLine).get("rows").get(0).get("in_support").asDouble()).isEqualTo(0.75);
  }

  @Test
  void markdownNamesTheReportsBinsAndTheirDensityFactor() {
    EvalReport fifty = new EvalReport(1, 1000, 50, "ema", List.of(new KlRow(1, 0.5, 0.25, 0.75)));
    String md = KlTables.markdown(Map.of("lsd", fifty));
    // 50 bins on [-2.5, 2.5]: side 0.1, area 0.01, so the density form is 100 times this
    assertThat(md).contains("50 x 50 bins").contains("= this x 100 (1 / bin area)");
    assertThat(KlTables.markdown(Map.of())).contains("60 x 60 bins").contains("x 144 (");
  }

  @Test
  void theRefusalSaysWhatTheFormWas() throws Exception {
    Path missing = dir.resolve("missing.json");
    Files.writeString(missing, "{\"step\": 1, \"samples\": 1000, \"weights\": \"ema\", \"rows\": []}");
    assertThatThrownBy(() -> KlTables.readJson(missing)).isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("(\"kl_form\": missing)");
    Path density = dir.resolve("density.json");
    Files.writeString(density, "{\"step\": 1, \"samples\": 1000, \"bins\": 60, \"kl_form\": \"density\","
        + " \"weights\": \"ema\", \"rows\": []}");
    assertThatThrownBy(() -> KlTables.readJson(density)).isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("(\"kl_form\": \"density\")");
  }
}

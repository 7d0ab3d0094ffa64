package dev.flowmap.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The dashboards are well-formed Grafana JSON and query only metrics the app exports. */
class DashboardsTest {
  @Test
  void thereAreTrainingAndPipelineDashboards() {
    assertThat(Dashboards.files()).extracting(p -> p.getFileName().toString())
        .contains("training.json", "pipeline.json");
  }

  @Test
  void eachDashboardHasFixedUidCurrentSchemaAndRunVariable() {
    Set<String> uids = new HashSet<>();
    for (Path f : Dashboards.files()) {
      JsonNode d = Dashboards.read(f);
      assertThat(d.path("uid").asText()).as(f + " uid").matches("flowmap-[a-z-]+");
      assertThat(uids.add(d.path("uid").asText())).as(f + " uid unique").isTrue();
      assertThat(d.path("schemaVersion").asInt()).as(f + " schemaVersion").isGreaterThanOrEqualTo(39);
      List<String> vars = new ArrayList<>();
      d.path("templating").path("list").forEach(v -> vars.add(v.path("name").asText()));
      assertThat(vars).as(f + " variables").contains("run", "method");
      for (JsonNode v : d.path("templating").path("list")) {
        assertThat(v.path("datasource").path("uid").asText()).isEqualTo(Dashboards.DATASOURCE_UID);
      }
    }
  }

  @Test
  void panelsHaveUniqueIdsTitlesDescriptionsUnitsAndTheDatasource() {
    for (Path f : Dashboards.files()) {
      List<JsonNode> panels = Dashboards.panels(Dashboards.read(f));
      assertThat(panels).as(f + " panels").isNotEmpty();
      Set<Integer> ids = new HashSet<>();
      for (JsonNode p : panels) {
        String what = f.getFileName() + " panel " + p.path("id") + " '" + p.path("title").asText() + "'";
        assertThat(ids.add(p.path("id").asInt(-1))).as(what + " id unique").isTrue();
        assertThat(p.path("title").asText()).as(what + " title").isNotBlank();
        if ("row".equals(p.path("type").asText())) {
          continue;
        }
        assertThat(p.path("description").asText()).as(what + " description").isNotBlank();
        assertThat(p.path("fieldConfig").path("defaults").path("unit").asText()).as(what + " unit")
            .isNotBlank();
        assertThat(p.path("datasource").path("uid").asText()).as(what + " datasource")
            .isEqualTo(Dashboards.DATASOURCE_UID);
        assertThat(p.path("targets")).as(what + " targets").isNotEmpty();
        for (JsonNode t : p.path("targets")) {
          assertThat(t.path("expr").asText()).as(what + " expr").isNotBlank();
          assertThat(t.path("datasource").path("uid").asText(Dashboards.DATASOURCE_UID))
              .as(what + " target datasource").isEqualTo(Dashboards.DATASOURCE_UID);
        }
      }
    }
  }

  @Test
  void panelsFitTheGridAndDoNotOverlap() {
    for (Path f : Dashboards.files()) {
      for (List<JsonNode> grid : Dashboards.grids(Dashboards.read(f))) {
        for (int i = 0; i < grid.size(); i++) {
          int[] a = rect(grid.get(i));
          assertThat(a[0] >= 0 && a[2] > 0 && a[0] + a[2] <= 24 && a[1] >= 0 && a[3] > 0)
              .as(f + " panel " + grid.get(i).path("id") + " inside the 24-wide grid").isTrue();
          for (int j = i + 1; j < grid.size(); j++) {
            int[] b = rect(grid.get(j));
            boolean overlap = a[0] < b[0] + b[2] && b[0] < a[0] + a[2]
                && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
            assertThat(overlap).as(f + " panels " + grid.get(i).path("id") + " and "
                + grid.get(j).path("id") + " overlap").isFalse();
          }
        }
      }
    }
  }

  @Test
  void trainingDashboardHasALogScaleLossPanelAndAStreamingRow() {
    JsonNode d = Dashboards.read(Dashboards.DIR.resolve("training.json"));
    List<JsonNode> panels = Dashboards.panels(d);
    assertThat(panels).anySatisfy(p -> {
      assertThat(p.path("targets").toString()).contains("flowmap_train_loss");
      assertThat(p.at("/fieldConfig/defaults/custom/scaleDistribution/type").asText()).isEqualTo("log");
    });
    assertThat(panels).anySatisfy(p -> {
      assertThat(p.path("type").asText()).isEqualTo("bargauge");
      assertThat(p.path("targets").toString()).contains("flowmap_eval_kl_floor");
    });
    assertThat(panels).anySatisfy(p -> {
      assertThat(p.path("type").asText()).isEqualTo("row");
      assertThat(p.path("title").asText()).isEqualTo("Streaming");
    });
    List<JsonNode> streaming = rowPanels(d, "Streaming");
    assertThat(streaming).as("panels of the Streaming row").hasSizeGreaterThanOrEqualTo(4)
        .allSatisfy(p -> assertThat(p.path("targets").toString()).contains("flowmap_stream_"));
    String exprs = streaming.stream().map(p -> p.path("targets").toString()).reduce("", String::concat);
    for (String meter : List.of("flowmap_stream_samples_total", "flowmap_stream_bytes_total",
        "flowmap_stream_active", "flowmap_stream_duration_seconds", "flowmap_stream_refused_total",
        "flowmap_stream_disconnects_total")) {
      assertThat(exprs).as("Streaming row queries " + meter).contains(meter);
    }
  }

  @Test
  void trainingDashboardHasAKafkaRow() {
    List<JsonNode> kafka = rowPanels(Dashboards.read(Dashboards.DIR.resolve("training.json")), "Kafka");
    assertThat(kafka).as("panels of the Kafka row").hasSizeGreaterThanOrEqualTo(4)
        .allSatisfy(p -> assertThat(p.path("targets").toString()).contains("flowmap_kafka_"));
    String exprs = kafka.stream().map(p -> p.path("targets").toString()).reduce("", String::concat);
    for (String meter : List.of("flowmap_kafka_records_total", "flowmap_kafka_bytes_total",
        "flowmap_kafka_send_seconds_bucket", "flowmap_kafka_errors_total", "flowmap_kafka_connected")) {
      assertThat(exprs).as("Kafka row queries " + meter).contains(meter);
    }
  }

  /** The panels of a row: nested in it when collapsed, else those after it up to the next row. */
  private static List<JsonNode> rowPanels(JsonNode dashboard, String title) {
    List<JsonNode> out = new ArrayList<>();
    boolean inRow = false;
    for (JsonNode p : dashboard.path("panels")) {
      if ("row".equals(p.path("type").asText())) {
        inRow = title.equals(p.path("title").asText());
        if (inRow) {
          p.path("panels").forEach(out::add);
        }
      } else if (inRow) {
        out.add(p);
      }
    }
    return out;
  }

  @Test
  void everyMetricAQueryUsesIsExported() throws Exception {
    // the real app: a smoke training run with its server, after its first evaluation and streams
    Set<String> exported;
    try (MetricsFixture app = new MetricsFixture()) {
      exported = app.scrapeWhen(app.start(), MetricsFixture::warmedUp).names();
    }
    Set<String> missing = new TreeSet<>();
    for (Dashboards.Query q : Dashboards.queries()) {
      for (String name : PromQlNames.of(Dashboards.toPromQl(q.expr()))) {
        if (!exported.contains(name)) {
          missing.add(name + " (" + q.where() + ")");
        }
      }
    }
    assertThat(Dashboards.queries()).hasSizeGreaterThan(20);
    assertThat(missing).as("metrics queried but not exported").isEmpty();
  }

  /** x, y, w, h of a panel's gridPos. */
  private static int[] rect(JsonNode panel) {
    JsonNode g = panel.path("gridPos");
    return new int[] {g.path("x").asInt(-1), g.path("y").asInt(-1), g.path("w").asInt(0), g.path("h").asInt(0)};
  }
}

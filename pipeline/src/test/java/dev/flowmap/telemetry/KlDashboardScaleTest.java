package dev.flowmap.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The KL panels say which KL they show (the seed's probability form) and mark its floor. */
class KlDashboardScaleTest {
  @Test
  void klPanelsNameTheProbabilityFormAndTheFloor() {
    JsonNode d = Dashboards.read(Dashboards.DIR.resolve("training.json"));
    List<JsonNode> kl = Dashboards.panels(d).stream()
        .filter(p -> p.path("targets").toString().contains("flowmap_eval_kl{")).toList();
    assertThat(kl).hasSize(2).allSatisfy(p -> {
      assertThat(p.path("title").asText()).contains("seed scale");
      assertThat(p.path("description").asText()).contains("probability", "floor", "60");
      assertThat(p.path("targets").toString()).contains("flowmap_eval_kl_floor");
      assertThat(p.at("/fieldConfig/defaults/decimals").asInt()).isEqualTo(4);
    });
    JsonNode gauge = kl.stream().filter(p -> p.path("type").asText().equals("bargauge")).findFirst().orElseThrow();
    // before the first evaluation the marker sits at the floor for the default n = 100,000
    assertThat(gauge.at("/fieldConfig/defaults/thresholds/steps/1/value").asDouble()).isEqualTo(0.0115);
  }
}

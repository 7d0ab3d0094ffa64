package dev.flowmap.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlNamesTest {
  @Test
  void findsMetricNamesButNotFunctionsLabelsOrKeywords() {
    String expr = "histogram_quantile(0.99, sum by (le, run) (rate(flowmap_train_step_seconds_bucket"
        + "{run=~\"$run\", method=~\"a|b\"}[$__rate_interval]))) / on (run) group_left system_cpus";
    assertThat(PromQlNames.of(expr))
        .containsExactlyInAnyOrder("flowmap_train_step_seconds_bucket", "system_cpus");
  }

  @Test
  void aggregationWithoutGroupingAndNumbersAreNotNames() {
    assertThat(PromQlNames.of("max(flowmap_eval_kl_floor) * 1e6 + count (up) offset 5m"))
        .containsExactlyInAnyOrder("flowmap_eval_kl_floor", "up");
  }

  @Test
  void bareMetricIsAName() {
    assertThat(PromQlNames.of("flowmap_train_loss")).containsExactly("flowmap_train_loss");
  }
}

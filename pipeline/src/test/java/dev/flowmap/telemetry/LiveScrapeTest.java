package dev.flowmap.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The running app's /metrics over real HTTP carries every meter with sensible values. */
class LiveScrapeTest {
  private static MetricsFixture app;
  private static String url;
  private static Scrape first;

  @BeforeAll
  static void start() throws Exception {
    app = new MetricsFixture();
    url = app.start();
    first = app.scrapeWhen(url, s -> MetricsFixture.warmedUp(s)
        && s.value("flowmap_train_skipped_total").orElse(0.0) > 0);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void answersThePrometheusTextContentType() {
    assertThat(first.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
  }

  @Test
  void lossesPerTermArePresentAndMove() throws Exception {
    Map<String, String> total = Map.of("term", "total", "run", "fixture", "method", "lsd");
    double before = first.value("flowmap_train_loss", total).orElseThrow();
    Scrape later = app.scrapeWhen(url,
        s -> s.value("flowmap_train_loss", total).orElseThrow() != before);
    assertThat(later.value("flowmap_train_loss", total).orElseThrow()).isLessThan(before);
    for (String term : MetricsFixture.TERMS) {
      assertThat(first.value("flowmap_train_loss", Map.of("term", term))).as(term).hasValueSatisfying(
          v -> assertThat(v).isFinite().isPositive());
    }
  }

  @Test
  void stepMetersCountAndTime() {
    assertThat(first.value("flowmap_train_steps_total").orElseThrow()).isGreaterThan(50);
    assertThat(first.value("flowmap_train_skipped_total").orElseThrow()).isPositive();
    assertThat(first.value("flowmap_train_step_seconds_count").orElseThrow()).isGreaterThan(50);
    assertThat(first.value("flowmap_train_step_seconds_sum").orElseThrow()).isPositive();
    assertThat(first.value("flowmap_train_step_seconds_bucket", Map.of("le", "+Inf")).orElseThrow())
        .isEqualTo(first.value("flowmap_train_step_seconds_count").orElseThrow());
    assertThat(first.value("flowmap_train_grad_norm").orElseThrow()).isFinite().isPositive();
    assertThat(first.value("flowmap_train_learning_rate").orElseThrow()).isBetween(0.0, 1e-3);
    assertThat(first.value("flowmap_train_ema_decay").orElseThrow()).isEqualTo(0.999);
  }

  @Test
  void evaluationGaugesPerN() {
    for (int n : MetricsFixture.NS) {
      Map<String, String> tag = Map.of("n", Integer.toString(n));
      double kl = first.value("flowmap_eval_kl", tag).orElseThrow();
      double floor = first.value("flowmap_eval_kl_floor", tag).orElseThrow();
      assertThat(kl).as("KL N=%d", n).isGreaterThan(floor);
      assertThat(floor).isPositive();
      assertThat(first.value("flowmap_eval_in_support_ratio", tag).orElseThrow()).isBetween(0.0, 1.0);
    }
    assertThat(first.value("flowmap_eval_step").orElseThrow()).isPositive();
    assertThat(first.value("flowmap_eval_reports_total").orElseThrow()).isPositive();
  }

  @Test
  void reactorStagesAreMeteredByStage() {
    for (String stage : new String[] {"batches", "loss", "update"}) {
      Map<String, String> tag = Map.of("stage", stage);
      assertThat(first.value("flowmap_stage_on_next_delay_seconds_count", tag)).as(stage)
          .hasValueSatisfying(v -> assertThat(v).isGreaterThan(50));
      assertThat(first.value("flowmap_stage_requested_count", tag)).as(stage).isPresent();
      assertThat(first.value("flowmap_stage_subscribed_total", tag)).as(stage).contains(1.0);
    }
    assertThat(first.value("flowmap_stage_requested_max", Map.of("stage", "batches")).orElseThrow())
        .as("bounded demand from publishOn").isLessThanOrEqualTo(8);
  }

  @Test
  void jvmProcessAndNd4jMeters() {
    assertThat(first.value("jvm_memory_used_bytes", Map.of("area", "heap")).orElseThrow()).isPositive();
    assertThat(first.value("jvm_threads_live_threads").orElseThrow()).isPositive();
    assertThat(first.value("process_cpu_usage")).isPresent();
    assertThat(first.value("process_cpu_time_seconds_total").orElseThrow()).isPositive();
    assertThat(first.value("process_uptime_seconds").orElseThrow()).isPositive();
    assertThat(first.value("flowmap_nd4j_offheap_bytes").orElseThrow()).isNotNegative();
    assertThat(first.value("flowmap_nd4j_physical_bytes").orElseThrow()).isPositive();
  }

  @Test
  void everySampleCarriesRunAndMethodAndNoStepNumberTags() {
    assertThat(first.samples()).allSatisfy(s -> {
      assertThat(s.labels()).containsEntry("run", "fixture").containsEntry("method", "lsd");
      assertThat(s.labels()).doesNotContainKey("step");
    });
  }
}

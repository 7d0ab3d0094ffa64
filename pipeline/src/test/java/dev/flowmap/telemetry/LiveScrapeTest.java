package dev.flowmap.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real smoke training run's /metrics over real HTTP carries every meter of the issue with
 * sensible values: losses per term that move, KL per N after the first evaluation, step meters,
 * stage meters, JVM, process and ND4J meters, and the sample-stream meters.
 */
class LiveScrapeTest {
  private static MetricsFixture app;
  private static String url;
  private static Scrape first;

  @BeforeAll
  static void start() throws Exception {
    app = new MetricsFixture();
    url = app.start();
    // a GC pause for the gc meter to count: with a large heap a short run may have had none since
    // the meters were bound (it read 0 once on a 24 GiB machine)
    System.gc();
    first = app.scrapeWhen(url, MetricsFixture::warmedUp);
  }

  @AfterAll
  static void stop() throws Exception {
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
    double steps = first.value("flowmap_train_steps_total").orElseThrow();
    Scrape later = app.scrapeWhen(url, s -> s.value("flowmap_train_steps_total").orElseThrow() > steps
        && s.value("flowmap_train_loss", total).orElseThrow() != before);
    assertThat(later.value("flowmap_train_loss", total).orElseThrow()).isFinite().isPositive()
        .isNotEqualTo(before);
    for (String term : MetricsFixture.TERMS) {
      assertThat(first.value("flowmap_train_loss", Map.of("term", term))).as(term).hasValueSatisfying(
          v -> assertThat(v).isFinite().isPositive());
    }
  }

  @Test
  void stepMetersCountAndTime() {
    double steps = first.value("flowmap_train_steps_total").orElseThrow();
    // warmedUp waits for the first evaluation, which runs at step 50
    assertThat(steps).isGreaterThanOrEqualTo(50);
    assertThat(first.value("flowmap_train_skipped_total")).as("no step of a healthy run is skipped")
        .contains(0.0);
    assertThat(first.value("flowmap_train_step_seconds_count").orElseThrow()).isGreaterThanOrEqualTo(50);
    assertThat(first.value("flowmap_train_step_seconds_sum").orElseThrow()).isPositive();
    assertThat(first.value("flowmap_train_step_seconds_bucket", Map.of("le", "+Inf")).orElseThrow())
        .isEqualTo(first.value("flowmap_train_step_seconds_count").orElseThrow());
    assertThat(first.samples()).as("step timer histogram buckets")
        .filteredOn(s -> s.name().equals("flowmap_train_step_seconds_bucket")).hasSizeGreaterThan(5);
    assertThat(first.value("flowmap_train_grad_norm").orElseThrow()).isFinite().isPositive();
    assertThat(first.value("flowmap_train_learning_rate").orElseThrow()).isPositive()
        .isLessThanOrEqualTo(MetricsFixture.LR);
    assertThat(first.value("flowmap_train_ema_decay").orElseThrow()).isPositive()
        .isLessThanOrEqualTo(MetricsFixture.EMA);
  }

  @Test
  void evaluationGaugesPerN() {
    for (int n : MetricsFixture.NS) {
      Map<String, String> tag = Map.of("n", Integer.toString(n));
      double kl = first.value("flowmap_eval_kl", tag).orElseThrow();
      double floor = first.value("flowmap_eval_kl_floor", tag).orElseThrow();
      assertThat(floor).as("floor N=%d", n).isPositive();
      assertThat(kl).as("KL N=%d after 50 steps", n).isFinite().isGreaterThan(floor);
      assertThat(first.value("flowmap_eval_in_support_ratio", tag).orElseThrow()).isBetween(0.0, 1.0);
    }
    assertThat(first.value("flowmap_eval_step").orElseThrow()).isGreaterThanOrEqualTo(50)
        .matches(step -> step % 50 == 0, "a multiple of eval_every");
    assertThat(first.value("flowmap_eval_reports_total").orElseThrow()).isPositive();
  }

  @Test
  void reactorStagesAreMeteredByStage() {
    for (String stage : new String[] {"batches", "loss", "update"}) {
      Map<String, String> tag = Map.of("stage", stage);
      assertThat(first.value("flowmap_stage_on_next_delay_seconds_count", tag)).as(stage)
          .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(50));
      assertThat(first.value("flowmap_stage_requested_count", tag)).as(stage).isPresent();
      assertThat(first.value("flowmap_stage_subscribed_total", tag)).as(stage).contains(1.0);
    }
  }

  @Test
  void jvmProcessAndNd4jMeters() {
    assertThat(first.value("jvm_memory_used_bytes", Map.of("area", "heap")).orElseThrow()).isPositive();
    assertThat(first.value("jvm_threads_live_threads").orElseThrow()).isPositive();
    assertThat(first.value("jvm_gc_pause_seconds_count").orElseThrow()).isPositive();
    assertThat(first.value("process_cpu_usage")).isPresent();
    assertThat(first.value("process_cpu_time_seconds_total").orElseThrow()).isPositive();
    assertThat(first.value("process_uptime_seconds").orElseThrow()).isPositive();
    assertThat(first.value("flowmap_nd4j_offheap_bytes").orElseThrow()).as("a real run holds weights off-heap")
        .isPositive();
    assertThat(first.value("flowmap_nd4j_physical_bytes").orElseThrow()).isPositive();
  }

  @Test
  void streamMetersCountTheStreamsRead() {
    for (String format : MetricsFixture.STREAM_FORMATS) {
      Map<String, String> tag = Map.of("format", format);
      assertThat(first.value("flowmap_stream_samples_total", tag)).as(format).contains(1000.0);
      assertThat(first.value("flowmap_stream_bytes_total", tag).orElseThrow()).as(format)
          .isGreaterThanOrEqualTo(1000 * 8);
    }
    assertThat(first.value("flowmap_stream_active")).as("every stream read has ended").contains(0.0);
    assertThat(first.value("flowmap_stream_duration_seconds_count")).contains(4.0);
    assertThat(first.value("flowmap_stream_duration_seconds_sum").orElseThrow()).isPositive();
    assertThat(first.value("flowmap_stream_refused_total")).contains(0.0);
    assertThat(first.value("flowmap_stream_disconnects_total")).contains(0.0);
  }

  @Test
  void everySampleCarriesRunAndMethodAndNoStepNumberTags() {
    assertThat(first.samples()).allSatisfy(s -> {
      assertThat(s.labels()).containsEntry("run", "fixture").containsEntry("method", "lsd");
      assertThat(s.labels()).doesNotContainKey("step");
    });
  }
}

package dev.flowmap.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmap.eval.EvalReport;
import dev.flowmap.eval.KlRow;
import dev.flowmap.loss.Method;
import dev.flowmap.train.StepEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class TrainingMetricsTest {
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final TrainingMetrics metrics = new TrainingMetrics(registry, List.of("diag", "lsd", "total"));

  private static StepEvent step(long n, double total, boolean skipped) {
    return new StepEvent(n, Method.LSD, Map.of("diag", total / 2, "lsd", total / 2, "total", total,
        "bogus", 1.0), 3.0 * n, 1e-3 / n, 0.99, 2_000_000L, skipped);
  }

  private double gauge(String name, String tag, String value) {
    return registry.get(name).tag(tag, value).gauge().value();
  }

  @Test
  void stepUpdatesLossesCountersTimerAndOptimizerGauges() {
    metrics.onStep(step(1, 0.8, false));
    metrics.onStep(step(2, 0.5, false));
    assertThat(gauge("flowmap.train.loss", "term", "total")).isEqualTo(0.5);
    assertThat(gauge("flowmap.train.loss", "term", "diag")).isEqualTo(0.25);
    assertThat(registry.get("flowmap.train.steps").counter().count()).isEqualTo(2);
    assertThat(registry.get("flowmap.train.skipped").counter().count()).isZero();
    assertThat(registry.get("flowmap.train.step").timer().count()).isEqualTo(2);
    assertThat(registry.get("flowmap.train.step").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(4.0);
    assertThat(registry.get("flowmap.train.grad.norm").gauge().value()).isEqualTo(6.0);
    assertThat(registry.get("flowmap.train.learning.rate").gauge().value()).isEqualTo(5e-4);
    assertThat(registry.get("flowmap.train.ema.decay").gauge().value()).isEqualTo(0.99);
  }

  @Test
  void skippedStepCountsAndKeepsTheLastFiniteLoss() {
    metrics.onStep(step(1, 0.8, false));
    metrics.onStep(step(2, Double.NaN, true));
    assertThat(gauge("flowmap.train.loss", "term", "total")).isEqualTo(0.8);
    assertThat(registry.get("flowmap.train.skipped").counter().count()).isEqualTo(1);
    assertThat(registry.get("flowmap.train.steps").counter().count()).isEqualTo(2);
  }

  @Test
  void termsOutsideTheListAreNotMeteredAndStepsAddNoMeters() {
    metrics.onStep(step(1, 0.8, false));
    int meters = registry.getMeters().size();
    for (int i = 2; i < 500; i++) {
      metrics.onStep(step(i, 1.0 / i, i % 50 == 0));
    }
    assertThat(registry.getMeters()).hasSize(meters);
    assertThat(registry.find("flowmap.train.loss").tag("term", "bogus").gauge()).isNull();
  }

  @Test
  void evalGaugesAppearPerNOnFirstReportAndFollowLaterOnes() {
    assertThat(registry.find("flowmap.eval.kl").gauges()).isEmpty();
    metrics.onEval(new EvalReport(100, 1000, "ema",
        List.of(new KlRow(1, 0.5, 0.01, 0.8), new KlRow(4, 0.2, 0.01, 0.9))));
    metrics.onEval(new EvalReport(200, 1000, "ema",
        List.of(new KlRow(1, 0.3, 0.02, 0.85), new KlRow(4, 0.1, 0.02, 0.95))));
    assertThat(registry.find("flowmap.eval.kl").gauges()).hasSize(2);
    assertThat(gauge("flowmap.eval.kl", "n", "1")).isEqualTo(0.3);
    assertThat(gauge("flowmap.eval.kl.floor", "n", "4")).isEqualTo(0.02);
    assertThat(gauge("flowmap.eval.in.support", "n", "4")).isEqualTo(0.95);
    assertThat(registry.get("flowmap.eval.in.support").gauge().getId().getBaseUnit()).isEqualTo("ratio");
    assertThat(registry.get("flowmap.eval.step").gauge().value()).isEqualTo(200);
    assertThat(registry.get("flowmap.eval.reports").counter().count()).isEqualTo(2);
  }

  @Test
  void tapMetersAStageAndKeepsBackpressure() {
    Flux<Integer> tapped = Flux.range(1, 5).transform(TrainingMetrics.tap("flowmap.stage.batches", registry));
    StepVerifier.create(tapped, 0)
        .expectSubscription()
        .expectNoEvent(java.time.Duration.ZERO)
        .thenRequest(2)
        .expectNext(1, 2)
        .thenRequest(3)
        .expectNext(3, 4, 5)
        .verifyComplete();
    assertThat(registry.get("flowmap.stage.batches.onNext.delay").timer().count()).isEqualTo(5);
    assertThat(registry.get("flowmap.stage.batches.requested").summary().totalAmount()).isEqualTo(5);
  }
}

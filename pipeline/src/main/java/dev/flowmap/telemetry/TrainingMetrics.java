package dev.flowmap.telemetry;

import dev.flowmap.eval.EvalReport;
import dev.flowmap.eval.KlRow;
import dev.flowmap.train.StepEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import reactor.core.observability.micrometer.Micrometer;
import reactor.core.publisher.Flux;

/**
 * Meters for the training run, fed from the step-event and evaluation streams; every update is a
 * few atomic writes, so it is safe to call from the training thread while a scrape reads.
 *
 * <p>The method is not a tag here: it is the registry's common tag {@code method} (one run, one
 * method), see {@link Telemetry#newRegistry(String, String)}.
 */
public final class TrainingMetrics {
  private final MeterRegistry registry;
  private final Map<String, DoubleGauge> losses = new LinkedHashMap<>();
  private final Counter steps;
  private final Counter skipped;
  private final Timer stepTime;
  private final DoubleGauge gradNorm;
  private final DoubleGauge learningRate;
  private final DoubleGauge emaDecay;
  private final DoubleGauge evalStep;
  private final Counter evals;
  private final Map<Integer, EvalGauges> perN = new ConcurrentHashMap<>();

  /**
   * Registers the training meters; {@code terms} are the loss terms reported (diag, lsd, psd, esd,
   * total), the only values the {@code term} tag takes.
   */
  public TrainingMetrics(MeterRegistry registry, List<String> terms) {
    this.registry = registry;
    for (String term : terms) {
      losses.put(term, gauge("flowmap.train.loss", Tags.of("term", term),
          "Loss of the latest optimizer step, per loss term", null));
    }
    steps = Counter.builder("flowmap.train.steps")
        .description("Optimizer steps completed, skipped ones included")
        .register(registry);
    skipped = Counter.builder("flowmap.train.skipped")
        .description("Steps not applied: a gradient norm above optim.rollback_norm (the run rolls back to its last checkpoint) or a loss or gradient that is not finite")
        .register(registry);
    stepTime = Timer.builder("flowmap.train.step")
        .description("Wall time of the loss and optimizer stages of one step")
        .publishPercentileHistogram()
        .register(registry);
    gradNorm = gauge("flowmap.train.grad.norm", Tags.empty(),
        "Global L2 norm of the gradient before clipping, latest step", null);
    learningRate = gauge("flowmap.train.learning.rate", Tags.empty(),
        "Learning rate used by the latest step", null);
    emaDecay = gauge("flowmap.train.ema.decay", Tags.empty(),
        "EMA decay in force at the latest step (0 without EMA)", null);
    evalStep = gauge("flowmap.eval.step", Tags.empty(),
        "Training step at which the latest evaluation was taken", null);
    evals = Counter.builder("flowmap.eval.reports")
        .description("Evaluations completed")
        .register(registry);
  }

  /** Records one optimizer step; losses and the gradient norm keep their last finite value. */
  public void onStep(StepEvent e) {
    steps.increment();
    stepTime.record(e.stepNanos(), TimeUnit.NANOSECONDS);
    if (e.skipped()) {
      skipped.increment();
    }
    e.losses().forEach((term, value) -> {
      DoubleGauge g = losses.get(term);
      if (g != null && Double.isFinite(value)) {
        g.set(value);
      }
    });
    if (Double.isFinite(e.gradNorm())) {
      gradNorm.set(e.gradNorm());
    }
    learningRate.set(e.learningRate());
    emaDecay.set(e.emaDecay());
  }

  /** Records one evaluation: KL, floor and in-support fraction per N (gauges made on first sight of N). */
  public void onEval(EvalReport r) {
    for (KlRow row : r.rows()) {
      EvalGauges g = perN.get(row.steps());
      if (g == null) {
        g = perN.computeIfAbsent(row.steps(), this::evalGauges);
      }
      g.kl.set(row.kl());
      g.floor.set(row.floor());
      g.inSupport.set(row.inSupport());
    }
    evalStep.set(r.step());
    evals.increment();
  }

  /**
   * A stage wrapper that names a Reactor stage and taps it with reactor-core-micrometer, which
   * publishes {@code <stageName>.subscribed}, {@code .requested}, {@code .onNext.delay} and
   * {@code .flow.duration}.
   */
  public static <T> Function<Flux<T>, Flux<T>> tap(String stageName, MeterRegistry registry) {
    return flux -> flux.name(stageName).tap(Micrometer.metrics(registry));
  }

  private EvalGauges evalGauges(int n) {
    Tags tags = Tags.of("n", Integer.toString(n));
    return new EvalGauges(
        gauge("flowmap.eval.kl", tags, "KL(target || N-step samples), the seed notebook's"
            + " probability-form histogram KL (60x60 bins on [-2.5, 2.5]^2 by default)", null),
        gauge("flowmap.eval.kl.floor", tags, "The same KL between two independent target samples"
            + " of the evaluation's n (the floor: about 0.0115 at n = 100,000, 60 bins)", null),
        gauge("flowmap.eval.in.support", tags,
            "Fraction of N-step samples inside the kept squares", "ratio"));
  }

  private DoubleGauge gauge(String name, Tags tags, String description, String unit) {
    DoubleGauge holder = new DoubleGauge();
    Gauge.builder(name, holder, DoubleGauge::get)
        .tags(tags)
        .description(description)
        .baseUnit(unit)
        .strongReference(true)
        .register(registry);
    return holder;
  }

  private record EvalGauges(DoubleGauge kl, DoubleGauge floor, DoubleGauge inSupport) {}
}

package dev.flowmap.telemetry;

import dev.flowmap.eval.EvalReport;
import dev.flowmap.eval.KlRow;
import dev.flowmap.serve.FlowmapServer;
import dev.flowmap.serve.MetricsEndpoint;
import dev.flowmap.train.StepEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A stand-in training app: the real registry, meters, stage taps and server, fed by synthetic
 * steps (losses that decrease, on their own thread) and an evaluation every two seconds.
 *
 * <p>To test against real training, replace {@link #startTraining()} and {@link #startEvals()}
 * with a smoke run's step and eval streams; everything else stays.
 */
final class MetricsFixture implements AutoCloseable {
  static final String RUN = "fixture";
  static final String METHOD = "lsd";
  static final List<String> TERMS = List.of("diag", "lsd", "total");
  static final List<Integer> NS = List.of(1, 2, 4, 8);
  static final List<String> STREAM_FORMATS = List.of("ndjson", "csv", "sse", "binary");

  private final PrometheusMeterRegistry registry = Telemetry.newRegistry(RUN, METHOD);
  private final TrainingMetrics metrics = new TrainingMetrics(registry, TERMS);
  private final Scheduler trainThread = Schedulers.newSingle("fixture-train");
  private final AtomicLong lastStep = new AtomicLong();
  private final Disposable.Composite running = Disposables.composite();
  private final List<Counter> streamSamples = new ArrayList<>();
  private FlowmapServer server;

  /** Starts training, evaluations and the server on a free loopback port; returns its base URL. */
  String start() {
    registerStreamingMeters();
    running.add(startTraining());
    running.add(startEvals());
    server = FlowmapServer.start("127.0.0.1", 0, List.of(new MetricsEndpoint(registry)));
    // Micrometer registers the GC pause timer at the first collection; a real run has had one
    // within seconds, this short-lived fixture might not, so ask for one.
    System.gc();
    return server.url();
  }

  /** True once the scrape has the meters that appear late: the first evaluation's, the GC timer's. */
  static boolean warmedUp(Scrape s) {
    return s.value("flowmap_eval_kl").isPresent() && s.value("jvm_gc_pause_seconds_count").isPresent();
  }

  /** Scrapes {@code baseUrl} until {@code ready} holds (bounded at 30 s, then fails). */
  Scrape scrapeWhen(String baseUrl, java.util.function.Predicate<Scrape> ready) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      Scrape s = Scrape.get(baseUrl);
      if (ready.test(s)) {
        return s;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("scrape never became ready:\n" + s.body());
      }
      Thread.sleep(200);
    }
  }

  PrometheusMeterRegistry registry() {
    return registry;
  }

  int port() {
    return server.port();
  }

  /** Steps as three tapped stages, as the training loop will wire them, paced at about 2 ms. */
  private Disposable startTraining() {
    return Flux.<Long, Long>generate(() -> 1L, (step, sink) -> {
          sink.next(step);
          return step + 1;
        })
        .transform(TrainingMetrics.tap("flowmap.stage.batches", registry))
        .subscribeOn(trainThread)
        .publishOn(trainThread, 8)
        .map(step -> new long[] {step, System.nanoTime()})
        .transform(TrainingMetrics.tap("flowmap.stage.loss", registry))
        .map(this::update)
        .transform(TrainingMetrics.tap("flowmap.stage.update", registry))
        .subscribe(metrics::onStep);
  }

  private StepEvent update(long[] stepAndStart) {
    long step = stepAndStart[0];
    LockSupport.parkNanos(1_000_000L + (step % 7) * 300_000L);
    double total = 0.05 + 1.0 / (1.0 + step / 50.0);
    boolean skipped = step % 97 == 0;
    if (skipped) {
      total = Double.NaN;
    }
    Map<String, Double> losses = Map.of("diag", 0.6 * total, "lsd", 0.4 * total, "total", total);
    double lr = 1e-3 * 0.5 * (1 + Math.cos(Math.PI * Math.min(step, 20_000) / 20_000.0));
    lastStep.set(step);
    return new StepEvent(step, METHOD, losses, 2 * total, lr, 0.999, System.nanoTime() - stepAndStart[1],
        skipped);
  }

  /** An evaluation soon after start, then every two seconds; KL falls towards its floor. */
  private Disposable startEvals() {
    return Flux.interval(Duration.ofMillis(300), Duration.ofSeconds(2))
        .subscribe(tick -> {
          long step = lastStep.get();
          List<KlRow> rows = new ArrayList<>();
          for (int n : NS) {
            double kl = 0.01 + 1.0 / (n * (1.0 + step / 100.0));
            rows.add(new KlRow(n, kl, 0.01, 1.0 - kl / 2));
          }
          metrics.onEval(new EvalReport(step, 4096, "ema", rows));
          streamSamples.forEach(c -> c.increment(256));
        });
  }

  /**
   * The sample streams' meters under the exact names the streaming code registers, so the
   * dashboards' Streaming row has series here; the real app exports these from {@code serve}.
   */
  private void registerStreamingMeters() {
    AtomicInteger active = new AtomicInteger(1);
    for (String format : STREAM_FORMATS) {
      streamSamples.add(Counter.builder("flowmap.stream.samples").tag("format", format)
          .description("Samples streamed").register(registry));
      Counter.builder("flowmap.stream.bytes").tag("format", format).baseUnit("bytes")
          .description("Bytes streamed").register(registry).increment(1024);
    }
    Gauge.builder("flowmap.stream.active", active, AtomicInteger::get)
        .description("Open sample streams").strongReference(true).register(registry);
    Timer.builder("flowmap.stream.duration").description("Duration of sample streams")
        .register(registry).record(Duration.ofMillis(1500));
    Counter.builder("flowmap.stream.refused").description("Streams refused").register(registry);
    Counter.builder("flowmap.stream.disconnects").description("Streams ended by the client")
        .register(registry);
  }

  @Override
  public void close() {
    running.dispose();
    if (server != null) {
      server.close();
    }
    trainThread.dispose();
    registry.close();
  }
}

package dev.flowmap.telemetry;

import dev.flowmap.config.ConfigLoader;
import dev.flowmap.config.RunConfig;
import dev.flowmap.kafka.LiveFeed;
import dev.flowmap.kafka.SamplePublisher;
import dev.flowmap.kafka.TestBroker;
import dev.flowmap.serve.TrainingApp;
import dev.flowmap.train.RunDirectory;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The real app under test: a smoke training run through {@link TrainingApp} with its server on a
 * free loopback port, training on its own thread until {@link #close()} stops it. Evaluations
 * come every 50 steps (on 2,000 samples, so they are quick) so the KL gauges appear within
 * seconds; {@code train.steps} is far beyond what a test waits for, so the run keeps stepping
 * (and Prometheus keeps scraping changing values) until the test class ends. One short stream per
 * format is read at start so the stream meters carry real counts, and a live feed publishes to the
 * shared test Kafka broker.
 */
final class MetricsFixture implements AutoCloseable {
  static final String RUN = "fixture";
  static final String METHOD = "lsd";
  static final List<String> TERMS = List.of("diag", "lsd", "total");
  static final List<Integer> NS = List.of(1, 2, 4);
  static final List<String> STREAM_FORMATS = List.of("ndjson", "csv", "sse", "binary");
  static final double EMA = 0.999;
  static final double LR = 2.0e-3;

  private final AtomicReference<Throwable> trainingFailure = new AtomicReference<>();
  private Path tmp;
  private TrainingApp app;
  private Thread training;
  private LiveFeed feed;

  /** Starts training and the server; returns the server's base URL once each format streamed. */
  String start() throws Exception {
    String kafka = TestBroker.shared().bootstrap(); // before training, which would slow its start
    tmp = Files.createTempDirectory("flowmap-fixture");
    RunConfig config = ConfigLoader.load(Path.of("../configs/smoke.yaml"), List.of(
        "loss.method=" + METHOD, "optim.lr=" + LR, "optim.ema=" + EMA,
        "train.steps=10000000", "train.log_every=10", "train.eval_every=50",
        "train.eval_samples=2000", "train.checkpoint_every=0", "eval.samples=2000"));
    app = TrainingApp.start(config, new RunDirectory(tmp.resolve(RUN)), null, true, "127.0.0.1", 0,
        false);
    training = new Thread(() -> {
      try {
        app.train();
      } catch (Throwable t) {
        trainingFailure.set(t);
      }
    }, "fixture-training");
    training.setDaemon(true);
    training.start();
    // a live Kafka feed to a real broker, so the Kafka meters carry real counts and latencies
    feed = LiveFeed.start(SamplePublisher.Settings.to(kafka, "fixture", RUN).withBatch(1024)
        .withRate(4000), app.generator(), app.registry());
    for (String format : STREAM_FORMATS) {
      readStream(app.url(), format, 1000);
    }
    // Micrometer registers the GC pause timer at the first collection; ask for one rather than
    // wait for the heap to fill.
    System.gc();
    return app.url();
  }

  /**
   * True once the scrape has the meters that appear late: the first evaluation's, the GC timer's,
   * and a Kafka acknowledgement.
   */
  static boolean warmedUp(Scrape s) {
    // an N's three eval gauges are registered together (NaN) and set in the order KL, floor,
    // in-support: once in-support holds a number, the other two do
    return s.value("flowmap_eval_in_support_ratio").filter(v -> !v.isNaN()).isPresent()
        && s.value("jvm_gc_pause_seconds_count").isPresent()
        && s.value("flowmap_kafka_records_total").orElse(0.0) > 0;
  }

  /** Scrapes {@code baseUrl} until {@code ready} holds (a liveness bound of 120 s, then fails). */
  Scrape scrapeWhen(String baseUrl, Predicate<Scrape> ready) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (true) {
      Throwable failed = trainingFailure.get();
      if (failed != null) {
        throw new AssertionError("training failed", failed);
      }
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
    return app.registry();
  }

  int port() {
    return URI.create(app.url()).getPort();
  }

  /** Reads {@code count} one-step samples of {@code format} to the end; returns the bytes read. */
  static long readStream(String baseUrl, String format, int count) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + "/samples?steps=1&count=" + count
        + "&format=" + format)).timeout(Duration.ofSeconds(30)).build();
    HttpResponse<InputStream> res = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = res.body()) {
      if (res.statusCode() != 200) {
        throw new IOException(format + " stream answered " + res.statusCode() + ": "
            + new String(in.readAllBytes()));
      }
      return in.transferTo(java.io.OutputStream.nullOutputStream());
    }
  }

  @Override
  public void close() throws Exception {
    if (feed != null) {
      feed.close();
    }
    if (app != null) {
      if (!app.run().requestStop(60)) {
        throw new IllegalStateException("training did not stop within 60 s");
      }
      app.close();
      app.registry().close();
    }
    if (tmp != null) {
      try (Stream<Path> files = Files.walk(tmp)) {
        files.sorted((a, b) -> b.compareTo(a)).map(Path::toFile).forEach(File::delete);
      }
    }
  }
}

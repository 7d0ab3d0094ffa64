package dev.flowmap.soak;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Scrapes {@code /metrics} in the Prometheus text format every 2 s, as Prometheus would. */
final class SoakScraper implements AutoCloseable {
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final URI uri;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "soak-scrape");
    t.setDaemon(true);
    return t;
  });
  final AtomicLong ok = new AtomicLong();
  final AtomicLong failed = new AtomicLong();
  private volatile long lastOkNanos = System.nanoTime();
  private volatile String lastFailure = "";

  SoakScraper(URI base) {
    uri = base.resolve("/metrics");
    timer.scheduleAtFixedRate(this::tick, 0, 2, TimeUnit.SECONDS);
  }

  private void tick() {
    try {
      scrape();
      ok.incrementAndGet();
      lastOkNanos = System.nanoTime();
    } catch (Exception e) {
      failed.incrementAndGet();
      lastFailure = e.toString();
    }
  }

  /** One scrape: each sample's value summed over its series, by metric name. */
  Map<String, Double> scrape() throws Exception {
    HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
        .header("Accept", "text/plain;version=0.0.4").GET().build();
    HttpResponse<String> res = client.send(req, HttpResponse.BodyHandlers.ofString());
    String type = res.headers().firstValue("Content-Type").orElse("");
    if (res.statusCode() != 200 || !type.startsWith("text/plain") || !res.body().contains("# TYPE ")) {
      throw new IllegalStateException("/metrics answered " + res.statusCode() + " " + type);
    }
    return parse(res.body());
  }

  static Map<String, Double> parse(String text) {
    Map<String, Double> values = new HashMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String name = line.substring(0, brace >= 0 && brace < space ? brace : line.indexOf(' '));
      values.merge(name, Double.parseDouble(line.substring(space + 1)), Double::sum);
    }
    return values;
  }

  /** Null while scrapes succeed; else how long since the last good one and why. */
  String problem(long silentNanos) {
    long since = System.nanoTime() - lastOkNanos;
    return since > silentNanos
        ? "/metrics: no good scrape for " + since / 1_000_000_000L + " s: " + lastFailure : null;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}

package dev.flowmap.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against a real Prometheus scraping the fixture app: every dashboard query runs without error
 * and returns data, and promtool accepts the compose config and a live scrape. Skipped when the
 * binaries are not on PATH, unless {@code FLOWMAP_REQUIRE_PROMETHEUS=1} (CI), which fails instead.
 */
class PrometheusQueryTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static MetricsFixture app;
  private static String appUrl;
  private static Process prometheus;
  private static Path tmp;
  private static String promUrl;
  private static Path promtool;
  private static String skipReason;

  @BeforeAll
  static void startPrometheus() throws Exception {
    Optional<Path> prom = onPath("prometheus");
    Optional<Path> tool = onPath("promtool");
    if (prom.isEmpty() || tool.isEmpty()) {
      String why = "prometheus and promtool must be on PATH (Debian: apt-get install prometheus)";
      if ("1".equals(System.getenv("FLOWMAP_REQUIRE_PROMETHEUS"))) {
        fail(why + "; FLOWMAP_REQUIRE_PROMETHEUS=1 makes this a failure");
      }
      System.err.println("SKIPPED PrometheusQueryTest: " + why);
      skipReason = why;
      return;
    }
    promtool = tool.get();
    app = new MetricsFixture();
    appUrl = app.start();
    tmp = Files.createTempDirectory("flowmap-prometheus");
    Path config = tmp.resolve("prometheus.yml");
    Files.writeString(config, "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
        + "scrape_configs:\n  - job_name: flowmap\n    metrics_path: /metrics\n"
        + "    static_configs:\n      - targets: ['127.0.0.1:" + app.port() + "']\n");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    promUrl = "http://127.0.0.1:" + port;
    prometheus = new ProcessBuilder(prom.get().toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + tmp.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(tmp.resolve("prometheus.log").toFile()).start();
    awaitData("up{job=\"flowmap\"} == 1");
  }

  @BeforeEach
  void skipWithoutPrometheus() {
    Assumptions.assumeTrue(skipReason == null, () -> "SKIPPED: " + skipReason);
  }

  @AfterAll
  static void stop() throws Exception {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly();
      }
    }
    if (app != null) {
      app.close();
    }
    if (tmp != null) {
      try (Stream<Path> files = Files.walk(tmp)) {
        files.sorted((a, b) -> b.compareTo(a)).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  @Test
  void everyDashboardQueryReturnsData() throws Exception {
    List<String> failures = new ArrayList<>();
    for (Dashboards.Query q : Dashboards.queries()) {
      String promQl = Dashboards.toPromQl(q.expr());
      String why = awaitResult(promQl);
      if (why != null) {
        failures.add(q.where() + ": " + promQl + " -> " + why);
      }
    }
    assertThat(Dashboards.queries()).hasSizeGreaterThan(20);
    assertThat(failures).as("dashboard queries that fail or return nothing").isEmpty();
  }

  @Test
  void promtoolAcceptsTheComposeConfig() throws Exception {
    Path config = Dashboards.repoRoot().resolve("compose/prometheus.yml");
    assertThat(run(promtool.toString(), "check", "config", config.toString())).isEqualTo("");
  }

  @Test
  void promtoolAcceptsALiveScrape() throws Exception {
    Path scrape = tmp.resolve("scrape.txt");
    Files.writeString(scrape, Scrape.get(appUrl).body());
    ProcessBuilder pb = new ProcessBuilder(promtool.toString(), "check", "metrics")
        .redirectInput(scrape.toFile());
    assertThat(run(pb)).isEqualTo("");
  }

  /** Null when the query returns a non-empty result within the wait, else why not. */
  private static String awaitResult(String promQl) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    String why;
    do {
      JsonNode r = query(promQl);
      if (!"success".equals(r.path("status").asText())) {
        return r.path("errorType").asText() + ": " + r.path("error").asText();
      }
      if (r.path("data").path("result").size() > 0) {
        return null;
      }
      why = "empty result after " + WAIT.toSeconds() + " s";
      Thread.sleep(500);
    } while (System.nanoTime() < deadline);
    return why;
  }

  private static void awaitData(String promQl) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      try {
        if (query(promQl).path("data").path("result").size() > 0) {
          return;
        }
      } catch (IOException notUpYet) {
        // Prometheus is still starting
      }
      if (!prometheus.isAlive() || System.nanoTime() > deadline) {
        fail("Prometheus never scraped the app: " + Files.readString(tmp.resolve("prometheus.log")));
      }
      Thread.sleep(500);
    }
  }

  private static JsonNode query(String promQl) throws IOException, InterruptedException {
    URI uri = URI.create(promUrl + "/api/v1/query?query="
        + URLEncoder.encode(promQl, StandardCharsets.UTF_8));
    HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readTree(res.body());
  }

  /** Runs a command; returns "" on exit 0, else its exit code and output. */
  private static String run(String... command) throws Exception {
    return run(new ProcessBuilder(command));
  }

  private static String run(ProcessBuilder pb) throws Exception {
    Process p = pb.redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    return rc == 0 ? "" : "exit " + rc + ": " + out;
  }

  private static Optional<Path> onPath(String binary) {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    return Stream.of(path.split(File.pathSeparator))
        .filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, binary))
        .filter(Files::isExecutable)
        .findFirst();
  }
}

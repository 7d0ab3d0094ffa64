package dev.flowmap.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowmap.eval.EvalReport;
import dev.flowmap.eval.KlRow;
import dev.flowmap.loss.Method;
import dev.flowmap.sample.SampleGenerator;
import dev.flowmap.train.StepEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.test.StepVerifier;

@Timeout(180)
class LivePageEndpointTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SCREENSHOT = Path.of("target", "artifacts", "live-page.png");
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Sinks.Many<StepEvent> steps = Sinks.many().replay().latest();
  private final Sinks.Many<EvalReport> evals = Sinks.many().replay().latest();
  private final Scheduler scheduler = SamplesEndpoint.newGenerationScheduler(1);
  private FlowmapServer server;
  private Disposable training;

  @BeforeEach
  void start() {
    Map<String, Object> info = Map.of("method", "lsd", "config", "default · 4 cells · batch 2048",
        "cells", 4, "cell_size", 1.0, "eval_steps", List.of(1, 2, 4, 8, 16));
    LivePageEndpoint page = new LivePageEndpoint(steps.asFlux(), evals.asFlux(), () -> info);
    SamplesEndpoint samples = new SamplesEndpoint(() -> checkerboard(), new StreamMetrics(
        new SimpleMeterRegistry()), 8, 500, scheduler);
    server = FlowmapServer.start("127.0.0.1", 0, List.of(page, samples));
    evals.tryEmitNext(new EvalReport(1000, 100_000, "ema", List.of(
        new KlRow(1, 0.91, 0.8, 0.95), new KlRow(2, 0.85, 0.8, 0.97), new KlRow(4, 0.83, 0.8, 0.98),
        new KlRow(8, 0.82, 0.8, 0.99), new KlRow(16, 0.81, 0.8, 0.99))));
  }

  @AfterEach
  void stop() {
    if (training != null) {
      training.dispose();
    }
    server.close();
    scheduler.dispose();
  }

  @Test
  void servesThePageItsScriptAndStyleWithNothingFromTheInternet() throws Exception {
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("content-type").orElseThrow()).startsWith("text/html");
    assertThat(page.body()).contains("<canvas id=\"samples\"", "/app.js", "/style.css")
        .doesNotContain("http://", "https://");
    HttpResponse<String> js = get("/app.js");
    assertThat(js.headers().firstValue("content-type").orElseThrow()).startsWith("text/javascript");
    assertThat(js.body()).contains("window.flowmapState").doesNotContain("http://", "https://");
    assertThat(get("/style.css").headers().firstValue("content-type").orElseThrow())
        .startsWith("text/css");
  }

  @Test
  void infoIsTheSuppliersMapAsJson() throws Exception {
    JsonNode info = JSON.readTree(get("/api/info").body());
    assertThat(info.get("cells").asInt()).isEqualTo(4);
    assertThat(info.get("cell_size").asDouble()).isEqualTo(1.0);
    assertThat(info.get("eval_steps")).hasSize(5);
  }

  @Test
  void otherMethodsAre405AndUnknownPaths404() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/events"))
        .DELETE().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("allow")).hasValue("GET");
    assertThat(get("/index.php").statusCode()).isEqualTo(404);
    assertThat(get("/").statusCode()).isEqualTo(200);
  }

  @Test
  void eventsSendTheLatestEvaluationAndStepsOverSse() throws Exception {
    steps.tryEmitNext(step(7));
    HttpResponse<java.util.stream.Stream<String>> r = http.send(
        HttpRequest.newBuilder(uri("/events")).build(), HttpResponse.BodyHandlers.ofLines());
    assertThat(r.headers().firstValue("content-type").orElseThrow()).startsWith("text/event-stream");
    boolean[] seen = new boolean[2];
    try (var lines = r.body()) {
      var it = lines.iterator();
      while (!(seen[0] && seen[1]) && it.hasNext()) {
        String line = it.next();
        if (line.startsWith("data: ")) {
          JsonNode d = JSON.readTree(line.substring(6));
          seen[0] |= d.has("losses") && d.get("step").asLong() == 7;
          seen[1] |= d.has("rows") && d.get("rows").size() == 5;
        }
      }
    }
    assertThat(seen).containsExactly(true, true);
  }

  @Test
  void stepEventsAreThrottledToAboutFourPerSecond() {
    StepVerifier.withVirtualTime(() -> LivePageEndpoint.eventStream(
            Flux.interval(Duration.ofMillis(10)).map(i -> step(i + 1)).take(1000), Flux.empty())
            .filter(s -> s.startsWith("event: step")).count())
        .thenAwait(Duration.ofSeconds(11))
        .assertNext(n -> assertThat(n).isBetween(39L, 41L))
        .verifyComplete();
  }

  /** The page in headless Chromium: no console errors, scatter drawn, KL table filled. */
  @Test
  void livePageRendersInHeadlessChromium() throws Exception {
    if (!Files.isExecutable(HeadlessChromium.BINARY)) {
      String msg = "SKIPPED live page browser test: " + HeadlessChromium.BINARY
          + " is missing (apt-get install chromium)";
      System.err.println(msg);
      assertThat(System.getenv("FLOWMAP_REQUIRE_CHROMIUM")).as(msg).isNotEqualTo("1");
      Assumptions.abort(msg);
    }
    training = Flux.interval(Duration.ofMillis(20)).map(i -> step(i + 1))
        .subscribe(steps::tryEmitNext);
    try (HeadlessChromium chrome = HeadlessChromium.start(1280, 1060)) {
      chrome.call("Page.navigate", Map.of("url", server.url() + "/"));
      JsonNode state = null;
      for (int i = 0; i < 1200; i++) { // a liveness bound of 120 s
        state = chrome.eval("JSON.stringify({p: window.flowmapState ? flowmapState.pointsDrawn : 0,"
            + " k: document.querySelectorAll('#kl tbody tr').length,"
            + " s: window.flowmapState ? flowmapState.stepEvents : 0})");
        JsonNode s = JSON.readTree(state.asText());
        if (s.get("p").asInt() > 0 && s.get("k").asInt() > 0 && s.get("s").asInt() >= 5) {
          break;
        }
        Thread.sleep(100);
      }
      chrome.screenshot(SCREENSHOT);
      JsonNode s = JSON.readTree(state.asText());
      assertThat(s.get("p").asInt()).as("points drawn").isGreaterThan(1500);
      assertThat(s.get("k").asInt()).as("KL rows").isEqualTo(5);
      assertThat(s.get("s").asInt()).as("step events").isGreaterThanOrEqualTo(5);
      int blue = chrome.eval("(() => { const c = document.getElementById('samples');"
          + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
          + " for (let i = 0; i < d.length; i += 4) if (d[i + 2] > 150 && d[i] < 150) n++;"
          + " return n; })()").asInt();
      assertThat(blue).as("blue sample pixels on the scatter canvas").isGreaterThan(1000);
      assertThat(chrome.eval("document.querySelector('#kl tbody td:nth-child(2)').textContent")
          .asText()).isEqualTo("0.9100");
      assertThat(chrome.errors).as("console errors and exceptions").isEmpty();
    }
  }

  private static StepEvent step(long i) {
    double diag = 2.0 / Math.sqrt(i) + 0.05;
    double lsd = 0.5 / (1 + i / 50.0) + 0.01;
    return new StepEvent(i, Method.LSD, Map.of("diag", diag, "lsd", lsd, "total", diag + lsd),
        1.0, 1e-3, 0.999, 1_000_000, false);
  }

  /** A generator that draws from the target, like a perfect model. */
  private static SampleGenerator checkerboard() {
    return (how, n, ema, seed, count, xy) -> new dev.flowmap.data.Checkerboard(4, 1.0)
        .sample(new dev.flowmap.data.Rng(seed), xy, 0, count);
  }

  private URI uri(String path) {
    return URI.create(server.url() + path);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
  }
}

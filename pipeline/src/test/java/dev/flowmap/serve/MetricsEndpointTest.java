package dev.flowmap.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmap.telemetry.Telemetry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicReference<String> scrapeThread = new AtomicReference<>();
  private PrometheusMeterRegistry registry;
  private FlowmapServer server;

  @BeforeEach
  void start() {
    registry = Telemetry.newRegistry("t", "lsd");
    Gauge.builder("test.scrape.thread", scrapeThread, t -> {
      t.set(Thread.currentThread().getName());
      return 1;
    }).description("records which thread scrapes").register(registry);
    server = FlowmapServer.start("127.0.0.1", 0, List.of(new MetricsEndpoint(registry)));
  }

  @AfterEach
  void stop() {
    server.close();
    registry.close();
  }

  private HttpResponse<String> send(String method) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.url() + "/metrics"))
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void getAnswersThePrometheusTextFormat() throws Exception {
    HttpResponse<String> res = send("GET");
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.headers().allValues("content-type"))
        .containsExactly("text/plain; version=0.0.4; charset=utf-8");
    assertThat(res.body()).contains("# TYPE jvm_memory_used_bytes gauge", "test_scrape_thread{");
  }

  @Test
  void scrapeRunsOffTheEventLoop() throws Exception {
    send("GET");
    assertThat(scrapeThread.get()).startsWith("boundedElastic").doesNotContain("nio");
  }

  @Test
  void otherMethodsAreNotAllowed() throws Exception {
    for (String method : new String[] {"POST", "PUT", "DELETE"}) {
      HttpResponse<String> res = send(method);
      assertThat(res.statusCode()).as(method).isEqualTo(405);
      assertThat(res.headers().firstValue("allow")).as(method).contains("GET");
    }
  }

  @Test
  void otherPathsAreNotFound() throws Exception {
    HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/metricz")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).isEqualTo(404);
  }
}

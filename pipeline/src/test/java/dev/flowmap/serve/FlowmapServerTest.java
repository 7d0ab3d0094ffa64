package dev.flowmap.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Paths the server cannot resolve. Found by BadHttpRequestTest: {@code GET /%}, {@code GET /a|b}
 * and {@code GET ?steps=1} were answered 500 (Reactor Netty's path resolution threw inside the
 * routes).
 */
class FlowmapServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private FlowmapServer server;

  @BeforeEach
  void start() {
    server = FlowmapServer.start("127.0.0.1", 0,
        List.of(new MetricsEndpoint(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String send(String method, String target) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(60_000);
      s.getOutputStream().write((method + " " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close"
          + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/%", "/a|b", "/samples/%zz", "/metrics%", "/%?count=1", "?steps=1",
      "?weights=%00"})
  void aPathThatCannotBeResolvedGets400NamingIt(String path) throws IOException {
    for (String method : List.of("GET", "POST")) {
      String answer = send(method, path);
      assertThat(answer).as("%s %s", method, path).startsWith("HTTP/1.1 400 ");
      JsonNode body = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
      assertThat(body.get("path").asText()).isEqualTo(path.split("\\?")[0]);
      assertThat(body.get("error").asText()).startsWith("malformed path");
    }
    assertThat(send("GET", "/metrics")).startsWith("HTTP/1.1 200 ");
    assertThat(send("GET", "/nope")).startsWith("HTTP/1.1 404 ");
  }
}

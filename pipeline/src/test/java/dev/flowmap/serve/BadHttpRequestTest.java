package dev.flowmap.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;

/**
 * Generated bad requests against the server with every endpoint mounted (metrics, samples, the
 * live page), started once in this JVM: random methods, paths, query strings, headers and
 * protocol versions, sent as raw bytes. No answer may be a 5xx, a request the server does not
 * serve gets a 4xx, and after every case the server still answers a good request.
 */
class BadHttpRequestTest {
  static final int TRIES = 3000;
  private static final List<String> PATHS =
      List.of("/samples", "/metrics", "/", "/app.js", "/style.css", "/api/info", "/events");
  private static Scheduler generation;
  private static FlowmapServer server;

  @BeforeContainer
  static void start() {
    generation = SamplesEndpoint.newGenerationScheduler(1);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // no 503 from the stream limit: streams the cases open close as soon as the status is read
    server = FlowmapServer.start("127.0.0.1", 0, List.of(
        new MetricsEndpoint(registry),
        new SamplesEndpoint(FakeGenerator::new, new StreamMetrics(registry), 100_000, 64, generation),
        new LivePageEndpoint(Flux.never(), Flux.never(), () -> Map.of("method", "lsd"))));
  }

  @AfterContainer
  static void stop() {
    server.close();
    generation.dispose();
  }

  /** A request as raw bytes, and whether it is one the server serves (a GET of a known route). */
  record Request(String text, boolean servable) {
    @Override
    public String toString() {
      return text.replace("\r\n", "\\r\\n");
    }
  }

  @Property(tries = TRIES)
  void noRequestGetsA5xxAndTheServerKeepsAnswering(@ForAll("requests") Request request) throws IOException {
    int status = status(request.text());
    Statistics.collect(status / 100 + "xx");
    assertThat(status).as("status of %s", request).isBetween(100, 499);
    if (!request.servable()) {
      assertThat(status).as("status of %s", request).isBetween(400, 499);
    }
    assertThat(status("GET /samples?count=3&seed=1&format=csv HTTP/1.1\r\nHost: x\r\n"
        + "Connection: close\r\n\r\n")).as("a good request after %s", request).isEqualTo(200);
  }

  /** Sends {@code text}, returns the final status code (after any 100 Continue), or -1 on none. */
  private static int status(String text) throws IOException {
    try (Socket s = new Socket()) {
      s.setSoTimeout(60_000);
      s.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
      OutputStream out = s.getOutputStream();
      out.write(text.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      while (true) {
        String line = readLine(in);
        if (line == null) {
          return -1;
        }
        String[] parts = line.split(" ", 3);
        int code = parts.length >= 2 && parts[0].startsWith("HTTP/") ? Integer.parseInt(parts[1]) : -1;
        if (code >= 200 || code < 100) {
          return code;
        }
        String h;
        do {
          h = readLine(in);
        } while (h != null && !h.isEmpty());
      }
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (c != '\r') {
        b.write(c);
      }
    }
    return c == -1 && b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }

  /** The path a target names: before any '?' or '#', percent-decoded; null when it has none. */
  private static String decodedPath(String target) {
    try {
      return new java.net.URI("http://localhost" + target.split("[?#]", 2)[0]).getPath();
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }

  @Provide
  Arbitrary<Request> requests() {
    Arbitrary<String> method = Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.just("GET")),
        Tuple.of(3, Arbitraries.of("HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE",
            "CONNECT", "PRI", "get", "G ET", "")),
        Tuple.of(1, Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(10)));
    Arbitrary<String> segment = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.of("samples", "metrics", "api", "info", "events", "app.js", "..", ".",
            "", "%2e%2e", "%2F", "%", "%zz", "%00", "samples%20", "SAMPLES", "\u00e9", ";x=1")),
        Tuple.of(1, Arbitraries.strings().withCharRange('!', '~').ofMaxLength(12)));
    Arbitrary<String> randomPath = segment.list().ofMinSize(1).ofMaxSize(4)
        .map(parts -> "/" + String.join("/", parts));
    Arbitrary<String> path = Arbitraries.frequencyOf(
        Tuple.of(5, Arbitraries.of(PATHS)),
        Tuple.of(3, randomPath),
        Tuple.of(1, Arbitraries.of("*", "", "samples", "http://x/samples", "//samples",
            "/samples/", "/" + "a".repeat(5000))));
    Arbitrary<String> name = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.of("steps", "count", "seed", "weights", "format")),
        Tuple.of(1, Arbitraries.strings().withCharRange('!', '~').ofMaxLength(8)));
    Arbitrary<String> value = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.of("", "0", "-1", "1", "1024", "1025", "1000000001", "1e3", "0x10",
            "9223372036854775808", "-9223372036854775809", "ema", "raw", "best", "ndjson", "csv",
            "sse", "binary", "xml", "%", "%zz", "%00", "%e9", "+", "%20", "a%26b", "\u00e9")),
        Tuple.of(2, Arbitraries.strings().withCharRange('!', '~').ofMaxLength(12)),
        Tuple.of(1, Arbitraries.longs().map(String::valueOf)));
    Arbitrary<String> param = Arbitraries.frequencyOf(
        Tuple.of(6, Combinators.combine(name, value).as((n, v) -> n + "=" + v)),
        Tuple.of(1, name),
        Tuple.of(1, Arbitraries.of("=", "&", "==", "=1", "count==1")));
    Arbitrary<String> query = Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just("")),
        Tuple.of(5, param.list().ofMinSize(1).ofMaxSize(5).map(ps -> "?" + String.join("&", ps))),
        Tuple.of(1, Arbitraries.strings().withCharRange('!', '~').ofMaxLength(30).map(q -> "?" + q)));
    Arbitrary<String> version = Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.just("HTTP/1.1")),
        Tuple.of(1, Arbitraries.of("HTTP/1.0", "HTTP/2.0", "HTTP/0.9", "HTTP/1.1 x", "http/1.1",
            "HTTP/1.10", "FOO/1.1", "HTTP/")));
    Arbitrary<String> header = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.of("Accept: */*", "Accept: application/xml", "Accept-Encoding: gzip",
            "Content-Length: 0", "Content-Length: -1", "Content-Length: abc", "Content-Length: 99999999999999999999",
            "Content-Type: text/plain", "Expect: 100-continue", "Expect: nonsense", "Upgrade: websocket",
            "Connection: Upgrade", "Connection: keep-alive", "Transfer-Encoding: gzip",
            "Transfer-Encoding: chunked", "Host:", "Host: a b", "Range: bytes=0-1", "X-Empty:",
            "Cookie: " + "c".repeat(10_000), ": no-name", "No-Colon", " leading: space",
            "Bad\u0001Name: x", "X: bad\u0001value", "X: \u00e9")),
        Tuple.of(1, Combinators.combine(Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(10),
            Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(30)).as((n, v) -> n + ": " + v)));
    Arbitrary<List<String>> headers = header.list().ofMaxSize(4);
    return Combinators.combine(method, path, query, version, headers).as((m, p, q, v, hs) -> {
      StringBuilder b = new StringBuilder(m).append(' ').append(p).append(q).append(' ').append(v)
          .append("\r\nHost: 127.0.0.1\r\n");
      hs.forEach(h -> b.append(h).append("\r\n"));
      b.append("Connection: close\r\n\r\n");
      // Netty takes any PROTOCOL/MAJOR.MINOR as a version (HTTP/0.9, FOO/1.1), as HTTP/1.1; a
      // target that is not a path (*, samples, http://x/samples) is routed by its path part
      boolean servable = m.equals("GET") && (PATHS.contains(String.valueOf(decodedPath(p + q))) || !p.startsWith("/"))
          && v.matches("[^ /]+/\\d+\\.\\d+");
      return new Request(b.toString(), servable);
    });
  }
}

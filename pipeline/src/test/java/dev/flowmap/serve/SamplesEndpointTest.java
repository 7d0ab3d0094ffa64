package dev.flowmap.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowmap.sample.SampleGenerator;
import dev.flowmap.wire.SampleFormat;
import dev.flowmap.config.Vocabulary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.scheduler.Scheduler;

@Timeout(300)
class SamplesEndpointTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final StreamMetrics metrics = new StreamMetrics(registry);
  private final Scheduler scheduler = SamplesEndpoint.newGenerationScheduler(2);
  private final AtomicReference<SampleGenerator> model = new AtomicReference<>();
  private final FakeGenerator fake = new FakeGenerator();
  private SamplesEndpoint endpoint;
  private FlowmapServer server;

  private void start(int maxStreams, int batch) {
    model.set(fake);
    endpoint = new SamplesEndpoint(model::get, metrics, maxStreams, batch, scheduler);
    server = FlowmapServer.start("127.0.0.1", 0, List.of(endpoint));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    scheduler.dispose();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ndjson", "csv", "sse", "binary"})
  void eachFormatHoldsExactlyCountPointsOfTheSeededStream(String format) throws Exception {
    start(8, 300);
    HttpResponse<byte[]> r = get("/samples?steps=3&count=1000&seed=42&weights=raw&format=" + format);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type").orElseThrow())
        .startsWith(Vocabulary.find(SampleFormat.class, format).contentType().split(";")[0]);
    float[] got = parse(format, r.body());
    assertThat(got).containsExactly(FakeGenerator.expected(3, false, 42, 1000, 300));
    assertThat(registry.get("flowmap.stream.samples").tag("format", format).counter().count())
        .isEqualTo(1000);
    assertThat(registry.get("flowmap.stream.bytes").tag("format", format).counter().count())
        .isEqualTo(r.body().length);
  }

  @Test
  void defaultsAreOneStepEmaWeightsAndNdjson() throws Exception {
    start(8, 64);
    HttpResponse<byte[]> r = get("/samples?count=100&seed=7");
    assertThat(parse("ndjson", r.body())).containsExactly(FakeGenerator.expected(1, true, 7, 100, 64));
  }

  @Test
  void integrateReachesTheGeneratorAndAbsentLeavesItsOwn() throws Exception {
    start(8, 64);
    HttpResponse<byte[]> heun = get("/samples?count=100&seed=7&steps=64&integrate=heun");
    assertThat(heun.statusCode()).isEqualTo(200);
    assertThat(parse("ndjson", heun.body())).containsExactly(
        FakeGenerator.expected(dev.flowmap.sample.Integrator.HEUN, 64, true, 7, 100, 64));
    assertThat(parse("ndjson", get("/samples?count=100&seed=7&steps=64&integrate=euler").body()))
        .containsExactly(FakeGenerator.expected(dev.flowmap.sample.Integrator.EULER, 64, true, 7, 100, 64));
    assertThat(parse("ndjson", get("/samples?count=100&seed=7&steps=64").body()))
        .containsExactly(FakeGenerator.expected(64, true, 7, 100, 64));
  }

  @Test
  void theSameSeedGivesTheSameBytesAndOtherSeedsDoNot() throws Exception {
    start(8, 100);
    byte[] a = get("/samples?count=1234&seed=5&format=csv").body();
    byte[] b = get("/samples?count=1234&seed=5&format=csv").body();
    byte[] c = get("/samples?count=1234&seed=6&format=csv").body();
    byte[] d = get("/samples?count=1234&format=csv").body();
    byte[] e = get("/samples?count=1234&format=csv").body();
    assertThat(a).isEqualTo(b).isNotEqualTo(c);
    assertThat(d).isNotEqualTo(e);
  }

  @Test
  void countZeroIsAnEmptyStream() throws Exception {
    start(8, 100);
    assertThat(get("/samples?count=0&format=binary").body()).isEmpty();
    assertThat(new String(get("/samples?count=0&format=csv").body(), StandardCharsets.US_ASCII))
        .isEqualTo("x,y\n");
  }

  @Test
  void eachBatchComesFromTheGeneratorInForceWhenItWasMade() throws Exception {
    int batch = 1000;
    start(8, batch);
    try (Socket s = socket()) {
      ChunkedBody in = ChunkedBody.get(s, "/samples?format=binary&seed=1");
      float[] first = in.floats(2 * batch);
      assertThat(first).containsExactly(FakeGenerator.expected(1, true, 1, batch, batch));
      model.set(new FakeGenerator(100f));
      boolean swapped = false;
      for (int k = 0; k < 200 && !swapped; k++) {
        float[] b = in.floats(2 * batch);
        boolean high = b[0] >= 98;
        for (float v : b) {
          assertThat(v >= 98).as("batch %d mixes weights", k).isEqualTo(high);
        }
        swapped = high;
      }
      assertThat(swapped).as("stream switched to the new generator").isTrue();
    }
  }

  /**
   * A consumer that stops reading holds at most a few batches in flight beyond what the server has
   * written: at any moment the generator has made at most 2 + {@code IN_FLIGHT} batches more than
   * were handed to the socket (one being written, one queued for the write, {@code IN_FLIGHT}
   * generated ahead), however much the host's kernel buffers take.
   * The stream is endless, so a server that prefetched batches (Reactor Netty's {@code send(Flux)}
   * alone would) breaks the bound as soon as the socket stops taking bytes, on any host.
   */
  @Test
  void aStalledConsumerHoldsAtMostTheBatchesInFlightBeyondWhatWasWritten() throws Exception {
    int batch = 65_536;
    long batchBytes = 8L * batch;
    start(8, batch);
    try (Socket s = new Socket()) {
      s.setReceiveBufferSize(64 * 1024);
      s.setSoTimeout(60_000);
      s.connect(new InetSocketAddress("127.0.0.1", server.port()));
      ChunkedBody in = ChunkedBody.get(s, "/samples?format=binary&seed=3");
      float[] first = in.floats((int) (2 * batch));
      assertThat(first).containsExactly(FakeGenerator.expected(1, true, 3, batch, batch));
      long maxAhead = 0;
      long lastWritten = -1;
      int unchanged = 0;
      // sample until the socket has stopped taking batches for 20 polls (bounded at 20 s)
      for (int i = 0; i < 400 && unchanged < 20; i++) {
        long made = fake.calls.get();
        long written = writtenBatches("binary", batch);
        maxAhead = Math.max(maxAhead, made - written);
        assertThat(made - written).as("batches made (%d) beyond those written (%d)", made, written)
            .isLessThanOrEqualTo(2 + SamplesEndpoint.IN_FLIGHT);
        unchanged = written == lastWritten ? unchanged + 1 : 0;
        lastWritten = written;
        Thread.sleep(50);
      }
      assertThat(unchanged).as("the stalled socket stopped taking batches").isGreaterThanOrEqualTo(20);
      assertThat(lastWritten * batchBytes).as("written, with the consumer stalled after 1 batch")
          .isGreaterThan(batchBytes);
      // reading resumes the stream where it stopped: the next batches are the seeded ones, in order
      float[] next = in.floats((int) (2 * batch));
      assertThat(next).containsExactly(java.util.Arrays.copyOfRange(
          FakeGenerator.expected(1, true, 3, 2 * batch, batch), 2 * batch, 4 * batch));
    }
  }

  /** Waits until no batch of {@code format} has been handed to a socket for 20 polls (1 s). */
  private void awaitStalled(String format, int batch) throws InterruptedException {
    long last = -1;
    int unchanged = 0;
    for (int i = 0; i < 1200 && unchanged < 20; i++) {
      long written = writtenBatches(format, batch);
      unchanged = written == last && written > 0 ? unchanged + 1 : 0;
      last = written;
      Thread.sleep(50);
    }
    assertThat(unchanged).as("the stalled socket stopped taking batches").isGreaterThanOrEqualTo(20);
  }

  /** Batches whose bytes the server has handed to the socket, from the stream's sample counter. */
  private long writtenBatches(String format, int batch) {
    double samples = registry.find("flowmap.stream.samples").tag("format", format).counters().stream()
        .mapToDouble(c -> c.count()).sum();
    return (long) samples / batch;
  }

  /**
   * The stalled client has filled its socket's buffers before the 49 others start, so its stream
   * really is stalled while they are served (with the host's default buffers an endless stream of
   * 2 KB batches takes a while to fill them, and 49 short streams could be done by then).
   */
  @Test
  void fiftyConsumersWithOneStalledAllGetTheirStreamsThenActiveReturnsToZero() throws Exception {
    start(64, 256);
    Socket stalled = new Socket();
    stalled.setReceiveBufferSize(4 * 1024);
    stalled.setSoTimeout(60_000);
    stalled.connect(new InetSocketAddress("127.0.0.1", server.port()));
    ChunkedBody.get(stalled, "/samples?format=binary&seed=99");
    awaitStalled("binary", 256);
    List<CompletableFuture<HttpResponse<byte[]>>> calls = new ArrayList<>();
    for (int i = 0; i < 49; i++) {
      calls.add(http.sendAsync(req("/samples?format=binary&count=5000&steps=2&seed=" + i),
          HttpResponse.BodyHandlers.ofByteArray()));
    }
    for (int i = 0; i < 49; i++) {
      HttpResponse<byte[]> r = calls.get(i).get(240, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(parse("binary", r.body()))
          .containsExactly(FakeGenerator.expected(2, true, i, 5000, 256));
    }
    assertThat(endpoint.openStreams()).isEqualTo(1);
    stalled.close();
    awaitTrue(() -> endpoint.openStreams() == 0 && metrics.active() == 0);
    assertThat(registry.get("flowmap.stream.disconnects").counter().count()).isEqualTo(1);
    assertThat(registry.get("flowmap.stream.duration").timer().count()).isEqualTo(50);
  }

  @Test
  void aDisconnectedConsumerStopsGeneration() throws Exception {
    start(8, 1000);
    try (Socket s = socket()) {
      ChunkedBody.get(s, "/samples?format=ndjson").read(10_000);
      assertThat(metrics.active()).isEqualTo(1);
    }
    awaitTrue(() -> metrics.active() == 0);
    long atClose = fake.calls.get();
    // as for a stalled consumer: one batch being written, one queued, IN_FLIGHT generated ahead
    assertThat(atClose).isLessThanOrEqualTo(writtenBatches("ndjson", 1000) + 2 + SamplesEndpoint.IN_FLIGHT);
    // an endless stream whose generation went on would add a batch every few milliseconds; a
    // cancelled one may finish at most the IN_FLIGHT batches it was making
    for (int i = 0; i < 20; i++) {
      Thread.sleep(50);
      assertThat(fake.calls.get()).as("batches made after the consumer left").isLessThanOrEqualTo(atClose + SamplesEndpoint.IN_FLIGHT);
    }
    assertThat(registry.get("flowmap.stream.disconnects").counter().count()).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "steps=abc|steps|abc", "steps=0|steps|0", "steps=1025|steps|1025", "steps=-1|steps|-1",
      "count=-1|count|-1", "count=1000000001|count|1000000001", "count=1e3|count|1e3",
      "seed=x1|seed|x1", "seed=99999999999999999999|seed|99999999999999999999",
      "weights=best|weights|best", "format=xml|format|xml", "format=|format|''",
      "colour=red|colour|red", "integrate=rk4|integrate|rk4", "steps=1&steps=2|steps|'1,2'", "format=%22%3C%3E|format|\"<>"})
  void badParametersGet400NamingTheParameterAndValue(String query, String param, String value)
      throws Exception {
    start(8, 100);
    HttpResponse<byte[]> r = get("/samples?" + query);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("parameter").asText()).isEqualTo(param);
    assertThat(body.get("value").asText()).isEqualTo(value);
    assertThat(body.get("error").asText()).isNotBlank();
    assertThat(get("/samples?count=3&format=csv").statusCode()).isEqualTo(200);
  }

  /** Found by BadHttpRequestTest: a malformed percent-encoding in the query was answered 500. */
  @ParameterizedTest
  @ValueSource(strings = {"steps=%", "%zz=1", "format=%e", "seed=1&count=%G0"})
  void aMalformedQueryGets400NamingTheQuery(String query) throws Exception {
    start(8, 100);
    try (Socket s = socket()) {
      s.getOutputStream().write(("GET /samples?" + query + " HTTP/1.1\r\nHost: x\r\n"
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 400 ");
      JsonNode body = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
      assertThat(body.get("parameter").asText()).isEqualTo("query");
      assertThat(body.get("value").asText()).isEqualTo(query);
      assertThat(body.get("error").asText()).startsWith("malformed query: ");
    }
    assertThat(get("/samples?count=3&format=csv").statusCode()).isEqualTo(200);
  }

  @Test
  void unknownPathsAre404AndOtherMethods405() throws Exception {
    start(8, 100);
    assertThat(get("/nope").statusCode()).isEqualTo(404);
    HttpResponse<byte[]> post = http.send(HttpRequest.newBuilder(uri("/samples?count=1"))
        .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("allow")).hasValue("GET");
    assertThat(JSON.readTree(post.body()).get("error").asText()).contains("POST");
    assertThat(get("/samples?count=3").statusCode()).isEqualTo(200);
  }

  @Test
  void streamsBeyondTheCapGet503WithRetryAfter() throws Exception {
    start(1, 100);
    try (Socket s = socket()) {
      ChunkedBody.get(s, "/samples?format=binary");
      HttpResponse<byte[]> r = get("/samples?count=1");
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("retry-after")).hasValue("1");
      assertThat(JSON.readTree(r.body()).get("error").asText()).contains("limit 1");
      assertThat(registry.get("flowmap.stream.refused").counter().count()).isEqualTo(1);
    }
    awaitTrue(() -> endpoint.openStreams() == 0);
    assertThat(get("/samples?count=1").statusCode()).isEqualTo(200);
  }

  @Test
  void generationRunsOnTheGenerationScheduler() throws Exception {
    start(8, 100);
    get("/samples?count=10");
    assertThat(fake.lastThread).startsWith("flowmap-gen");
  }

  // ---- helpers

  private URI uri(String path) {
    return URI.create(server.url() + path);
  }

  private HttpRequest req(String path) {
    return HttpRequest.newBuilder(uri(path)).build();
  }

  private HttpResponse<byte[]> get(String path) throws Exception {
    return http.send(req(path), HttpResponse.BodyHandlers.ofByteArray());
  }

  static float[] parse(String format, byte[] body) throws IOException {
    List<Float> v = new ArrayList<>();
    String text = new String(body, StandardCharsets.US_ASCII);
    switch (format) {
      case "binary" -> {
        assertThat(body.length % 8).isZero();
        ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
          v.add(b.getFloat());
        }
      }
      case "ndjson" -> {
        for (String line : text.split("\n")) {
          JsonNode p = JSON.readTree(line);
          assertThat(p.size()).isEqualTo(2);
          v.add(p.get("x").floatValue());
          v.add(p.get("y").floatValue());
        }
      }
      case "csv" -> {
        String[] lines = text.split("\n");
        assertThat(lines[0]).isEqualTo("x,y");
        for (int i = 1; i < lines.length; i++) {
          String[] f = lines[i].split(",");
          assertThat(f).hasSize(2);
          v.add(Float.parseFloat(f[0]));
          v.add(Float.parseFloat(f[1]));
        }
      }
      case "sse" -> {
        assertThat(text).endsWith("event: end\ndata: {}\n\n");
        for (String event : text.split("\n\n")) {
          if (event.startsWith("event: samples\n")) {
            String data = event.substring(event.indexOf("data: ") + 6);
            JsonNode xy = JSON.readTree(data).get("xy");
            xy.forEach(n -> v.add(n.floatValue()));
          }
        }
      }
      default -> throw new IllegalArgumentException(format);
    }
    float[] out = new float[v.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = v.get(i);
    }
    return out;
  }

  private Socket socket() throws IOException {
    Socket s = new Socket("127.0.0.1", server.port());
    s.setSoTimeout(60_000);
    return s;
  }

  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 1200 && !condition.getAsBoolean(); i++) {
      Thread.sleep(50);
    }
    assertThat(condition.getAsBoolean()).as("condition reached within 60 s (liveness)").isTrue();
  }
}

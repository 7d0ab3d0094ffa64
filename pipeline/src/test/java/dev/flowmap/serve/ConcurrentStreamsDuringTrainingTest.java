package dev.flowmap.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowmap.config.ConfigLoader;
import dev.flowmap.config.RunConfig;
import dev.flowmap.train.RunDirectory;
import java.io.File;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/**
 * 50 consumers of {@code /samples} at once, one of them stalled, against a server whose model is
 * a training run in progress (the {@code train} app: {@link TrainingApp}): every stream arrives
 * whole and correct, training keeps stepping while the streams are served, and when the clients
 * have gone no stream is counted active.
 *
 * <p>Nothing here depends on the machine's speed. Rounds of {@value #CONSUMERS} consumers run
 * back to back until training has logged {@value #STEPS_UNDER_LOAD} steps inside the rounds
 * (from the run's own step-event stream), under a liveness bound of {@value #LIVENESS_SECONDS} s:
 * serving that blocks or starves the training thread makes no steps and fails it; a slow or busy
 * machine only takes more rounds. How fast training runs while it serves is a figure for the soak
 * and for {@code bench}, not an assertion.
 */
class ConcurrentStreamsDuringTrainingTest {
  static final int CONSUMERS = 49;
  static final int STEPS_UNDER_LOAD = 50;
  static final int MIN_ROUNDS = 2;
  static final int LIVENESS_SECONDS = 600;
  static final int COUNT = 20_000;
  static final List<String> FORMATS = List.of("binary", "ndjson", "csv", "sse");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path tmp;
  private static TrainingApp app;
  private static Thread training;
  private static final AtomicReference<Throwable> failure = new AtomicReference<>();
  private static final List<long[]> steps = new ArrayList<>();
  private static Disposable stepRecorder;

  @BeforeAll
  static void startTraining() throws Exception {
    tmp = Files.createTempDirectory("flowmap-concurrent");
    RunConfig config = ConfigLoader.load(Path.of("../configs/smoke.yaml"), List.of(
        "train.steps=10000000", "train.eval_every=0", "train.checkpoint_every=0", "train.log_every=100",
        "serve.max_streams=64", "serve.generator_threads=1"));
    app = TrainingApp.start(config, new RunDirectory(tmp.resolve("concurrent")), null, true,
        "127.0.0.1", 0, false);
    stepRecorder = app.run().steps().subscribe(e -> {
      synchronized (steps) {
        steps.add(new long[] {e.step(), System.nanoTime()});
      }
    });
    training = new Thread(() -> {
      try {
        app.train();
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "concurrent-training");
    training.setDaemon(true);
    training.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (app != null) {
      app.run().requestStop(60);
      stepRecorder.dispose();
      app.close();
    }
    try (Stream<Path> files = Files.walk(tmp)) {
      files.sorted((a, b) -> b.compareTo(a)).map(Path::toFile).forEach(File::delete);
    }
  }

  @Test
  void fiftyConsumersOneStalledGetCorrectStreamsWhileTrainingKeepsStepping() throws Exception {
    Socket stalled = new Socket("127.0.0.1", URI.create(app.url()).getPort());
    ChunkedBody.get(stalled, "/samples?format=binary&steps=1&seed=4242"); // endless; never read
    ExecutorService pool = Executors.newFixedThreadPool(CONSUMERS);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(60)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIVENESS_SECONDS);
    long stepsUnderLoad = 0;
    int rounds = 0;
    while (rounds < MIN_ROUNDS || stepsUnderLoad < STEPS_UNDER_LOAD) {
      assertThat(System.nanoTime()).as("liveness: %d steps within %d rounds of %d consumers in %d s"
              + " (training blocked by serving?)", stepsUnderLoad, rounds, CONSUMERS, LIVENESS_SECONDS)
          .isLessThan(deadline);
      long from = System.nanoTime();
      List<Future<byte[]>> streams = new ArrayList<>();
      for (int i = 0; i < CONSUMERS; i++) {
        String format = FORMATS.get(i % FORMATS.size());
        long seed = i / FORMATS.size();
        streams.add(pool.submit(() -> fetch(http, format, seed)));
      }
      List<byte[]> bodies = new ArrayList<>();
      for (Future<byte[]> f : streams) {
        bodies.add(f.get(LIVENESS_SECONDS, TimeUnit.SECONDS));
      }
      stepsUnderLoad += stepsBetween(from, System.nanoTime());
      rounds++;
      checkStreams(bodies);
    }
    pool.shutdown();
    System.out.printf("%d rounds of %d consumers + 1 stalled; %d training steps during them%n",
        rounds, CONSUMERS, stepsUnderLoad);
    assertThat(failure.get()).as("training failed").isNull();

    // the stalled stream is the only one open; when it goes, none is
    assertThat(activeStreams()).isEqualTo(1.0);
    stalled.close();
    long gone = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (activeStreams() != 0.0 && System.nanoTime() < gone) {
      Thread.sleep(50);
    }
    assertThat(activeStreams()).as("active streams after every client left").isZero();
    assertThat(app.registry().get("flowmap.stream.disconnects").counter().count())
        .as("the stalled client's disconnect").isEqualTo(1.0);
  }

  private static double activeStreams() {
    return app.registry().get("flowmap.stream.active").gauge().value();
  }

  /** Step events recorded in [from, to]. */
  private static long stepsBetween(long from, long to) {
    synchronized (steps) {
      return steps.stream().filter(e -> e[1] >= from && e[1] <= to).count();
    }
  }

  /** Every stream whole and finite; the same seed gives the same samples in every format. */
  private static void checkStreams(List<byte[]> bodies) throws Exception {
    List<float[]> got = new ArrayList<>();
    for (int i = 0; i < CONSUMERS; i++) {
      got.add(decode(FORMATS.get(i % FORMATS.size()), bodies.get(i)));
    }
    for (int i = 0; i < CONSUMERS; i++) {
      float[] xy = got.get(i);
      assertThat(xy).as("consumer %d (%s)", i, FORMATS.get(i % FORMATS.size())).hasSize(2 * COUNT);
      for (float v : xy) {
        assertThat(Float.isFinite(v)).as("consumer %d: finite samples", i).isTrue();
      }
      float[] sameSeedBinary = got.get(i - i % FORMATS.size());
      assertThat(Arrays.equals(xy, sameSeedBinary)).as("consumer %d (%s) equals the binary stream of"
          + " seed %d", i, FORMATS.get(i % FORMATS.size()), i / FORMATS.size()).isTrue();
    }
    assertThat(Arrays.equals(got.get(0), got.get(FORMATS.size()))).as("different seeds differ").isFalse();
  }

  /** Reads one finite stream to its end. */
  private static byte[] fetch(HttpClient http, String format, long seed) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(app.url() + "/samples?steps=1&count=" + COUNT
        + "&format=" + format + "&seed=" + seed)).timeout(Duration.ofSeconds(LIVENESS_SECONDS)).build();
    HttpResponse<byte[]> res = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    assertThat(res.statusCode()).as(format).isEqualTo(200);
    return res.body();
  }

  /** Decodes a stream's body to interleaved (x, y). */
  private static float[] decode(String format, byte[] body) throws Exception {
    if (format.equals("binary")) {
      float[] xy = new float[body.length / 4];
      ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(xy);
      assertThat(body.length).isEqualTo(8 * COUNT);
      return xy;
    }
    String text = new String(body, StandardCharsets.US_ASCII);
    float[] xy = new float[2 * COUNT];
    int k = 0;
    switch (format) {
      case "ndjson" -> {
        for (String line : text.split("\n")) {
          // {"x":X,"y":Y}, parsed as float directly: a detour through double could round twice
          assertThat(line).startsWith("{\"x\":").endsWith("}");
          int y = line.indexOf(",\"y\":");
          xy[k++] = Float.parseFloat(line.substring(5, y));
          xy[k++] = Float.parseFloat(line.substring(y + 5, line.length() - 1));
        }
      }
      case "csv" -> {
        String[] lines = text.split("\n");
        assertThat(lines[0]).isEqualTo("x,y");
        for (int i = 1; i < lines.length; i++) {
          String[] parts = lines[i].split(",");
          xy[k++] = Float.parseFloat(parts[0]);
          xy[k++] = Float.parseFloat(parts[1]);
        }
      }
      default -> {
        String[] events = text.split("\n\n");
        assertThat(events[events.length - 1]).isEqualTo("event: end\ndata: {}");
        for (int e = 0; e < events.length - 1; e++) {
          String data = events[e].substring(events[e].indexOf("data: ") + 6);
          JsonNode event = JSON.readTree(data);
          assertThat(event.get("batch").asLong()).isEqualTo(e);
          String values = data.substring(data.indexOf('[') + 1, data.lastIndexOf(']'));
          for (String v : values.split(",")) {
            xy[k++] = Float.parseFloat(v);
          }
        }
      }
    }
    assertThat(k).as(format + " values").isEqualTo(2 * COUNT);
    return xy;
  }
}

package dev.flowmap.serve;

import dev.flowmap.config.ConfigLoader;
import dev.flowmap.config.RunConfig;
import dev.flowmap.model.FlowMapMlp;
import dev.flowmap.model.Ops;
import dev.flowmap.sample.SnapshotGenerator;
import dev.flowmap.train.Checkpoint;
import dev.flowmap.train.RunDirectory;
import dev.flowmap.train.RunSetup;
import dev.flowmap.train.TrainingRun;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.nd4j.linalg.api.buffer.DataType;
import reactor.core.scheduler.Scheduler;

/**
 * Test helper: a smoke checkpoint trained once, served the way {@code flowmap serve} serves one
 * (checkpoint -> network -> {@link SnapshotGenerator} -> {@link SamplesEndpoint} -> server).
 */
final class ServedCheckpoint implements AutoCloseable {
  final Path dir;
  final RunConfig config;
  final TrainingRun.Result trained;
  final SnapshotGenerator generator;
  final StreamMetrics streams = new StreamMetrics(new SimpleMeterRegistry());
  private final Scheduler generation;
  private final FlowmapServer server;

  /** Trains the smoke preset with {@code sets} in a temporary run directory, then serves it. */
  ServedCheckpoint(List<String> sets) throws IOException {
    dir = Files.createTempDirectory("flowmap-served");
    RunConfig c = ConfigLoader.load(Path.of("../configs/smoke.yaml"), sets);
    trained = new TrainingRun(c, new RunDirectory(dir), null, TrainingRun.Options.quiet()).run();
    Checkpoint ck = Checkpoint.read(dir.resolve(Checkpoint.FILE));
    config = ConfigLoader.fromYamlString(ck.configYaml(), List.of());
    FlowMapMlp raw = RunSetup.newNetwork(config, DataType.FLOAT, Ops.standard());
    raw.params().assign(ck.params().reshape(raw.params().shape()).castTo(DataType.FLOAT));
    FlowMapMlp ema = ck.ema() == null ? raw : raw.withParams(ck.ema().castTo(DataType.FLOAT));
    generator = new SnapshotGenerator(new SnapshotGenerator.Weights(raw, ema, ck.step()),
        RunSetup.baseSigma(config), config.eval().sampler(), config.serve().batch());
    generation = SamplesEndpoint.newGenerationScheduler(config.serve().generatorThreads());
    server = FlowmapServer.start("127.0.0.1", 0, List.of(new SamplesEndpoint(() -> generator, streams,
        config.serve().maxStreams(), config.serve().batch(), generation)));
  }

  String url() {
    return server.url();
  }

  /** GETs {@code count} binary samples of N = {@code steps} over HTTP; interleaved (x, y). */
  static float[] binarySamples(String baseUrl, int steps, int count, long seed)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + "/samples?format=binary&steps="
        + steps + "&count=" + count + "&seed=" + seed)).timeout(Duration.ofSeconds(60)).build();
    HttpResponse<InputStream> res = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    byte[] body;
    try (InputStream in = res.body()) {
      body = in.readAllBytes();
    }
    if (res.statusCode() != 200 || body.length != 8 * count) {
      throw new IOException("status " + res.statusCode() + ", " + body.length + " bytes for " + count
          + " samples");
    }
    float[] xy = new float[2 * count];
    ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(xy);
    return xy;
  }

  @Override
  public void close() throws IOException {
    server.close();
    generation.dispose();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted((a, b) -> b.compareTo(a)).map(Path::toFile).forEach(File::delete);
    }
  }
}

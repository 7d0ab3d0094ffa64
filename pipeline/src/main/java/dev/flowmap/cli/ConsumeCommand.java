package dev.flowmap.cli;

import dev.flowmap.config.Vocabulary;
import dev.flowmap.eval.ConsumeStats;
import dev.flowmap.eval.ConsumeTarget;
import dev.flowmap.kafka.SampleConsumer;
import dev.flowmap.serve.SamplesClient;
import dev.flowmap.wire.SampleFormat;
import java.io.PrintWriter;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flowmap consume}: reads a {@code /samples} stream ({@link SamplesClient}) or a Kafka
 * topic in a consumer group ({@link SampleConsumer}), and prints a live KL and in-support fraction
 * against the target.
 */
@Command(name = "consume", mixinStandardHelpOptions = true,
    description = "Read a flowmap sample stream and report a live KL and in-support fraction "
        + "of what was received against the checkerboard target.")
public final class ConsumeCommand implements Callable<Integer> {
  /** Target samples in the KL's reference histogram: the evaluation's n (floor about 0.0115). */
  static final int REFERENCE_SIZE = 100_000;

  @Spec
  CommandSpec spec;

  @Option(names = "--url", description = "Server base URL, e.g. http://127.0.0.1:8080")
  String url;

  /** {@code --kafka HOST:PORT --kafka-topic NAME}: read a Kafka topic instead of {@code --url}. */
  @Mixin
  KafkaOptions kafka;

  @Option(names = "--group", paramLabel = "G", defaultValue = "flowmap-consume",
      description = "Kafka consumer group (with --kafka), default ${DEFAULT-VALUE}")
  String group;

  @Option(names = "--steps", defaultValue = "1", description = "Steps N of generation (default ${DEFAULT-VALUE})")
  int steps;

  @Option(names = "--count", defaultValue = "100000",
      description = "Samples to read; 0 reads an endless stream (default ${DEFAULT-VALUE})")
  long count;

  @Option(names = "--format", defaultValue = "binary",
      description = "ndjson, csv, sse or binary (default ${DEFAULT-VALUE})")
  String format;

  @Option(names = "--cells", defaultValue = "4", description = "Target grid cells per side (default ${DEFAULT-VALUE})")
  int cells;

  @Option(names = "--cell-size", defaultValue = "1.0", description = "Target cell side (default ${DEFAULT-VALUE})")
  double cellSize;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Args.check(spec, (url == null) != (kafka.bootstrap == null), "--url/--kafka", url == null ? "" : url,
        "needs exactly one of --url URL and --kafka BOOTSTRAP");
    if (kafka.bootstrap != null) {
      return callKafka(out, err);
    }
    URI uri;
    SampleFormat wire;
    ConsumeTarget target;
    try {
      uri = streamUri();
      wire = wireFormat();
      target = new ConsumeTarget(cells, cellSize, REFERENCE_SIZE, 0x5EED);
    } catch (IllegalArgumentException e) {
      err.println("consume: " + e.getMessage());
      return 2;
    }
    ConsumeStats stats = new ConsumeStats(target, System.nanoTime());
    out.println("reading " + uri);
    out.flush();
    try {
      new SamplesClient(uri, wire).read(stats, out);
    } catch (RuntimeException e) {
      out.println();
      err.println("consume: " + uri + ": " + SamplesClient.reason(e));
      return 2;
    }
    return summary(stats, out, err);
  }

  private int summary(ConsumeStats stats, PrintWriter out, PrintWriter err) {
    out.println();
    out.println(stats.summary(System.nanoTime()));
    if (count > 0 && stats.received() != count) {
      err.println("consume: expected " + count + " samples, received " + stats.received());
      return 2;
    }
    return 0;
  }

  private int callKafka(PrintWriter out, PrintWriter err) {
    kafka.validateConsume(spec);
    Args.check(spec, count >= 0, "--count", count, "must be >= 0");
    SampleConsumer reader = new SampleConsumer(kafka.bootstrap, kafka.topic, group, count);
    ConsumeTarget target = new ConsumeTarget(cells, cellSize, REFERENCE_SIZE, 0x5EED);
    ConsumeStats stats = new ConsumeStats(target, System.nanoTime());
    Runnable restoreSignals = Signals.onInterrupt(reader::wakeup);
    try {
      reader.run(stats, out, err);
    } finally {
      restoreSignals.run();
    }
    out.println();
    out.println(stats.summary(System.nanoTime()));
    out.flush();
    return 0;
  }

  private SampleFormat wireFormat() {
    SampleFormat f = Vocabulary.find(SampleFormat.class, format);
    if (f == null) {
      throw new IllegalArgumentException("format must be ndjson, csv, sse or binary, got " + format);
    }
    return f;
  }

  URI streamUri() {
    URI base;
    try {
      base = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad --url " + url + ": " + e.getMessage());
    }
    if (base.getScheme() == null || !base.getScheme().matches("https?") || base.getHost() == null) {
      throw new IllegalArgumentException("bad --url " + url + ": expected http://HOST:PORT");
    }
    return SamplesClient.streamUri(base, steps, wireFormat(), count);
  }
}

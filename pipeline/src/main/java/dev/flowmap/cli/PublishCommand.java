package dev.flowmap.cli;

import dev.flowmap.config.Vocabulary;
import dev.flowmap.kafka.KafkaConnection;
import dev.flowmap.kafka.KafkaMetrics;
import dev.flowmap.kafka.SamplePublisher;
import dev.flowmap.sample.EmaOrRaw;
import dev.flowmap.sample.SnapshotGenerator;
import dev.flowmap.train.CheckpointModel;
import dev.flowmap.train.ComputeContext;
import dev.flowmap.wire.SampleFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * {@code flowmap publish}: publishes generated samples from a checkpoint to a Kafka topic, one
 * batch per record, with the values {@code /samples} gives for the same seed.
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
    description = "Publish generated samples from a checkpoint to a Kafka topic (one batch per"
        + " record, key = batch index) until --count or Ctrl-C.")
final class PublishCommand implements Callable<Integer> {
  static final int MAX_BATCH = 16384;
  private static final Duration PROGRESS_EVERY = Duration.ofMillis(500);

  /** Where the weights come from: a checkpoint file or a run directory. */
  static final class Source {
    @Option(names = "--checkpoint", paramLabel = "PATH", required = true,
        description = "checkpoint file or run directory")
    Path checkpoint;

    @Option(names = "--run", paramLabel = "DIR", required = true, description = "run directory")
    Path run;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Mixin
  KafkaOptions kafka;

  @Mixin
  GenerationOptions generation;

  @Option(names = "--count", paramLabel = "K", defaultValue = "0",
      description = "samples to publish; 0 (default) publishes until Ctrl-C")
  long count;

  @Option(names = "--batch", paramLabel = "B", description = "samples per record, 1.." + MAX_BATCH
      + "; default serve.batch of the run (then batch k holds what /samples sends as batch k)")
  Integer batch;

  @Option(names = "--format", defaultValue = "binary",
      description = "binary (little-endian float32 pairs) or ndjson, default ${DEFAULT-VALUE}")
  String format;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    kafka.validatePublish(spec);
    EmaOrRaw which = generation.validate(spec);
    Args.check(spec, count >= 0, "--count", count, "must be >= 0");
    Args.check(spec, batch == null || (batch >= 1 && batch <= MAX_BATCH), "--batch", batch,
        "must be in 1.." + MAX_BATCH);
    SampleFormat wire = Vocabulary.find(SampleFormat.class, format);
    Args.check(spec, wire != null && wire.batch(), "--format", format, "must be binary or ndjson");
    Path path = source.checkpoint != null ? source.checkpoint : source.run;
    Args.check(spec, source.run == null || Files.isDirectory(source.run), "--run", source.run,
        "must be a run directory");
    KafkaConnection.validateTopic(kafka.topic);
    CheckpointModel model = CheckpointModel.load(path, ComputeContext.create());
    var config = model.config();
    int b = batch != null ? batch : Math.min(config.serve().batch(), MAX_BATCH);
    KafkaConnection.check(kafka.bootstrap, kafka.topic, true);
    SnapshotGenerator generator = model.generator(b);
    String run = path.toAbsolutePath().normalize().getFileName().toString();
    KafkaMetrics metrics = new KafkaMetrics(new SimpleMeterRegistry(), true);
    SamplePublisher.Settings settings = SamplePublisher.Settings.to(kafka.bootstrap, kafka.topic, run)
        .withSteps(generation.steps).withWeights(which).withSeed(generation.seed).withBatch(b).withCount(count)
        .withRate(kafka.publishRate()).withFormat(wire);
    SamplePublisher publisher = SamplePublisher.create(settings, generator, metrics,
        Duration.ofSeconds(60));
    PrintWriter err = spec.commandLine().getErr();
    err.println("publishing " + (count == 0 ? "until Ctrl-C" : String.format(Locale.ROOT, "%,d samples", count))
        + " to " + kafka.topic + " at " + kafka.bootstrap + " (" + generation.steps + "-step, " + format + ", " + b
        + " per record, seed " + generation.seed + ")");
    err.flush();
    long start = System.nanoTime();
    Disposable progress = Flux.interval(PROGRESS_EVERY).subscribe(tick -> {
      err.print("\r" + line(metrics, start, publisher.failed()) + "   ");
      err.flush();
    });
    Runnable restoreSignals = Signals.onInterrupt(publisher::stop);
    try {
      publisher.run();
    } finally {
      progress.dispose();
      restoreSignals.run();
    }
    err.println("\rdone: " + line(metrics, start, publisher.failed()) + "   ");
    err.flush();
    return 0;
  }

  private static String line(KafkaMetrics m, long start, long failed) {
    double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
    return String.format(Locale.ROOT,
        "%,d samples in %.1f s (%,.0f samples/s), %,d records, %,.1f MB, send p50 %.1f ms p99 %.1f ms%s",
        m.samples(), seconds, m.samples() / seconds, m.records(), m.bytes() / 1e6,
        m.sendMillis(0.5), m.sendMillis(0.99), failed > 0 ? ", " + failed + " records lost" : "");
  }
}

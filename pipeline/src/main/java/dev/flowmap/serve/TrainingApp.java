package dev.flowmap.serve;

import dev.flowmap.config.RunConfig;
import dev.flowmap.loss.Method;
import dev.flowmap.sample.SnapshotGenerator;
import dev.flowmap.telemetry.Telemetry;
import dev.flowmap.telemetry.TrainingMetrics;
import dev.flowmap.train.Checkpoint;
import dev.flowmap.train.ComputeContext;
import dev.flowmap.train.RunDirectory;
import dev.flowmap.train.RunSetup;
import dev.flowmap.train.StageTap;
import dev.flowmap.train.StepBudget;
import dev.flowmap.train.StopRequest;
import dev.flowmap.train.Threads;
import dev.flowmap.train.TrainingRun;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import reactor.core.publisher.Flux;

/**
 * A training run wired to its telemetry and, optionally, its HTTP server: the registry with the
 * training meters and the stage taps, the sample generator that follows the newest weights, and
 * the metrics, sample-stream and live-page endpoints. {@code train} and the end-to-end tests use it.
 */
public final class TrainingApp implements AutoCloseable {
  private final TrainingRun run;
  private final PrometheusMeterRegistry registry;
  private final Stack stack;
  private final SnapshotGenerator generator;

  private TrainingApp(TrainingRun run, PrometheusMeterRegistry registry, Stack stack,
                      SnapshotGenerator generator) {
    this.run = run;
    this.registry = registry;
    this.stack = stack;
    this.generator = generator;
  }

  /**
   * Builds the run and, when {@code serve}, starts the server on {@code host:port} (port 0: any
   * free one). Training starts with {@link #train()}.
   *
   * @param checkpoint the checkpoint to resume from, or null for a fresh run
   */
  public static TrainingApp start(RunConfig config, RunDirectory dir, Checkpoint checkpoint,
                                  boolean serve, String host, int port, boolean progress) {
    return start(config, dir, checkpoint, serve, host, port, progress, new StopRequest());
  }

  /** As below, in a fresh compute context. */
  public static TrainingApp start(RunConfig config, RunDirectory dir, Checkpoint checkpoint,
                                  boolean serve, String host, int port, boolean progress,
                                  StopRequest stop) {
    return start(config, dir, checkpoint, serve, host, port, progress, stop, ComputeContext.create());
  }

  /**
   * As above, with the run (and the worker calibration before it) stopped by {@code stop}, in the
   * compute context {@code compute}.
   *
   * @throws StopRequest.Stopped when {@code stop} came during the calibration
   */
  public static TrainingApp start(RunConfig config, RunDirectory dir, Checkpoint checkpoint,
                                  boolean serve, String host, int port, boolean progress,
                                  StopRequest stop, ComputeContext compute) {
    long began = System.currentTimeMillis();
    config = Threads.resolve(compute, config, stop);
    if (checkpoint == null) { // a resume keeps the steps its budget chose
      config = StepBudget.resolve(compute, config, began, stop, System.err);
    }
    Method method = config.loss().method();
    PrometheusMeterRegistry registry = Telemetry.newRegistry(dir.path().getFileName().toString(),
        method.toString());
    List<String> terms = new ArrayList<>(List.of("diag", "total"));
    if (method.term() != null) {
      terms.add(method.term());
    }
    TrainingMetrics metrics = new TrainingMetrics(registry, terms);
    StageTap tap = new StageTap() {
      @Override
      public <T> Flux<T> tap(String stage, Flux<T> flux) {
        return flux.transform(TrainingMetrics.tap(stage, registry));
      }
    };
    TrainingRun run = new TrainingRun(config, dir, checkpoint,
        new TrainingRun.Options(progress, tap, DataType.FLOAT, compute), stop);
    long start = checkpoint == null ? 0 : checkpoint.step();
    SnapshotGenerator generator = RunSetup.generator(config, run.snapshot(start),
        config.serve().batch());
    run.onWeights(generator::publish);
    run.steps().subscribe(metrics::onStep);
    run.evals().subscribe(metrics::onEval);
    Stack stack = serve ? Stack.start(host, port, config, registry, () -> generator, run.history(),
        run.steps(), run.evals()) : null;
    return new TrainingApp(run, registry, stack, generator);
  }

  /** Trains to the end (or until stopped); blocks the caller. */
  public TrainingRun.Result train() {
    return run.run();
  }

  /** The server's base URL, or null when not serving. */
  public String url() {
    return stack == null ? null : stack.url();
  }

  public TrainingRun run() {
    return run;
  }

  /** The sample generator that follows the newest weights (what /samples and Kafka publish from). */
  public SnapshotGenerator generator() {
    return generator;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    if (stack != null) {
      stack.close();
    }
  }
}

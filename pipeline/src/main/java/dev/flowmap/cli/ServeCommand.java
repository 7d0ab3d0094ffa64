package dev.flowmap.cli;

import dev.flowmap.eval.EvalReport;
import dev.flowmap.kafka.LiveFeed;
import dev.flowmap.sample.SnapshotGenerator;
import dev.flowmap.serve.Stack;
import dev.flowmap.telemetry.Telemetry;
import dev.flowmap.train.CheckpointModel;
import dev.flowmap.train.RunDirectory;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import reactor.core.publisher.Flux;

/** Serves the sample stream, the live page and metrics from a saved checkpoint. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve /samples, the live view and /metrics from a checkpoint until Ctrl-C.")
final class ServeCommand implements Callable<Integer> {
  @Mixin
  CheckpointOption source;

  @Mixin
  ServingOptions serving;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    serving.validate(spec);
    CheckpointModel model = source.load();
    var config = model.config();
    PrometheusMeterRegistry registry = Telemetry.newRegistry(
        source.checkpoint.toAbsolutePath().normalize().getFileName().toString(),
        config.loss().method().toString());
    SnapshotGenerator generator = model.generator(config.serve().batch());
    Path dir = RunDirectory.of(source.checkpoint);
    Flux<EvalReport> evals = Flux.empty();
    if (dir != null && new RunDirectory(dir).finished()) {
      try {
        evals = Flux.just(new RunDirectory(dir).finalEval());
      } catch (java.io.IOException e) {
        System.err.println("KL table not shown: " + e.getMessage());
      }
    }
    CountDownLatch interrupted = new CountDownLatch(1);
    Runnable restoreSignals = Signals.onInterrupt(interrupted::countDown);
    try (Stack stack = Stack.start(serving.server.host(config), serving.server.port(config), config,
        registry, () -> generator, Flux.empty(), Flux.never(), evals.concatWith(Flux.never()));
         LiveFeed feed = serving.kafka.start(config,
             source.checkpoint.toAbsolutePath().normalize().getFileName().toString(), generator, registry)) {
      System.err.println("serving step " + model.step() + " of " + config.loss().method()
          + ": live view " + stack.url() + "/   samples " + stack.url()
          + "/samples?steps=1&count=1000   metrics " + stack.url() + "/metrics  (Ctrl-C to stop)");
      interrupted.await();
    } finally {
      restoreSignals.run();
    }
    return 0;
  }
}

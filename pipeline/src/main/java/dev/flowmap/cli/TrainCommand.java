package dev.flowmap.cli;

import dev.flowmap.config.ConfigLoader;
import dev.flowmap.config.RunConfig;
import dev.flowmap.eval.KlTables;
import dev.flowmap.experiment.LocalRun;
import dev.flowmap.kafka.LiveFeed;
import dev.flowmap.serve.TrainingApp;
import dev.flowmap.train.Checkpoint;
import dev.flowmap.train.ComputeContext;
import dev.flowmap.train.ConfigChange;
import dev.flowmap.train.Platform;
import dev.flowmap.train.RunDirectory;
import dev.flowmap.train.StopRequest;
import dev.flowmap.train.StopSignals;
import dev.flowmap.train.TrainingRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Trains a flow map, serving metrics, the sample stream and the live view while it runs. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a flow map; serves /metrics, /samples and the live view on localhost.")
final class TrainCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions configOptions;

  @Mixin
  ServingOptions serving;

  @Option(names = "--out", description = "run directory, default runs/<config>-<time>")
  Path out;

  @Option(names = "--resume", description = "continue the run in --out from its checkpoint"
      + " (starts it when there is none yet), with the values of --config and --set where given"
      + " (model.* and optim.name cannot change)")
  boolean resume;

  @Option(names = "--no-progress", description = "no progress bar")
  boolean noProgress;

  @Option(names = "--keep-serving", description = "after training, keep serving until Ctrl-C")
  boolean keepServing;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    serving.validate(spec);
    Args.check(spec, !resume || out != null, "--resume", "", "needs --out DIR, the run to continue");
    RunDirectory dir = new RunDirectory(out != null ? out : LocalRun.timestamped(configOptions.name()));
    // first Ctrl-C/SIGTERM: stop wherever the run is and checkpoint; a second one: exit at once
    StopRequest stop = new StopRequest();
    Runnable restoreSignals = StopSignals.forRun(stop, dir.checkpoint(), System.err);
    try {
      return train(dir, stop);
    } finally {
      restoreSignals.run();
    }
  }

  private int train(RunDirectory dir, StopRequest stop) throws Exception {
    ComputeContext compute = ComputeContext.create();
    Checkpoint checkpoint = null;
    RunConfig config;
    if (resume && dir.hasCheckpoint()) {
      checkpoint = Checkpoint.read(dir.checkpoint());
      // an explicit --config is what the user wants now; without one the run goes on as it was
      RunConfig asked = spec.commandLine().getParseResult().hasMatchedOption("--config")
          ? configOptions.load() : ConfigLoader.fromYamlString(checkpoint.configYaml(), configOptions.sets);
      ConfigChange.Resolved resolved = ConfigChange.resolve(
          ConfigLoader.fromYamlString(checkpoint.configYaml(), List.of()), asked, dir.path());
      if (resolved.notice() != null) {
        System.err.println(resolved.notice());
      }
      config = resolved.config();
      Platform.current(compute.ops(), DataType.FLOAT).resumeNote(checkpoint.platform())
          .ifPresent(System.err::println);
    } else {
      config = configOptions.load();
      dir.refuseExistingRun();
    }
    boolean existed = Files.exists(dir.path());
    RunDirectory.ensureWritable(dir.path());
    String method = config.loss().method().toString();
    TrainingApp app = null;
    LiveFeed feed = null;
    if (!noProgress && config.train().threads() == 0) { // progress: nothing else shows for a while
      System.err.println("train.threads is 0 (auto): timing the loss stage for each worker count"
          + " (about 5 steps each)");
    }
    try {
      app = TrainingApp.start(config, dir, checkpoint, !serving.server.noServe,
          serving.server.host(config), serving.server.port(config), !noProgress, stop, compute);
      if (!stop.requested()) {
        feed = serving.kafka.start(config, dir.path().getFileName().toString(), app.generator(),
            app.registry());
      }
    } catch (RuntimeException e) {
      if (app != null) {
        app.close();
      }
      if (!existed) {
        deleteIfEmpty(dir.path()); // leave no empty run directory behind (e.g. port in use)
      }
      if (e instanceof StopRequest.Stopped) {
        System.err.println(e.getMessage() + ", before the first step; " + (checkpoint == null
            ? "nothing was trained" : "the checkpoint of step " + checkpoint.step() + " is kept"));
        return 0;
      }
      throw e;
    }
    String url = app.url();
    try {
      System.err.println("run directory: " + dir.path());
      if (url != null) {
        System.err.println("live view: " + url + "/   metrics: " + url + "/metrics"
            + "   samples: " + url + "/samples?steps=1&count=1000");
      }
      TrainingRun.Result result = app.train();
      if (result.stopped()) {
        System.err.println(checkpoint == null && result.lastStep() == 0
            ? "stopped before the first step; nothing was trained" // a stop during the Kafka check
            : "stopped at step " + result.lastStep() + "; checkpoint written. Resume with:"
                + " ./flowmap train --resume --out " + dir.path());
        return 0;
      }
      System.out.println(KlTables.markdown(Map.of(method, result.finalEval())));
      System.err.println("results: " + dir.klMarkdown() + ", figures in " + dir.path());
      if (keepServing && url != null) {
        System.err.println("training done; still serving on " + url + " (Ctrl-C to exit)");
        stop.await();
      }
      return 0;
    } finally {
      if (feed != null) {
        feed.close();
      }
      app.close();
    }
  }

  private static void deleteIfEmpty(Path dir) {
    try {
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // not empty (or not ours to remove): leave it
    }
  }
}

package dev.flowmap.train;

import dev.flowmap.config.ConfigLoader;
import dev.flowmap.config.RunConfig;
import dev.flowmap.eval.EvalReport;
import dev.flowmap.eval.Figures;
import dev.flowmap.eval.KlTables;
import dev.flowmap.model.FlowMapMlp;
import dev.flowmap.sample.EmaOrRaw;
import dev.flowmap.sample.SnapshotGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.nd4j.linalg.api.buffer.DataType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * One training run: the pipeline on its own scheduler, and the consumers of its step events (the
 * progress bar, the JSON-lines log, periodic evaluation and checkpoints, and whoever subscribes to
 * {@link #steps()} and {@link #evals()}). A stop ({@link #requestStop} or the {@link StopRequest}
 * it was built with) ends the current step, abandons an evaluation in progress at its next
 * sampling pass, writes a checkpoint of the last finished step and returns normally.
 */
public final class TrainingRun {
  private final RunConfig config;
  private final RunDirectory dir;
  private final Options options;
  private final StopRequest stop;
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Sinks.Many<StepEvent> steps = Sinks.many().multicast().directBestEffort();
  private final Sinks.Many<EvalReport> evals = Sinks.many().replay().latest();
  private final Sinks.Many<StepEvent> history = Sinks.many().replay().limit(1000);
  private final Evaluation evaluation;
  private final List<Consumer<SnapshotGenerator.Weights>> weightListeners = new ArrayList<>();
  private Trainer trainer;
  private Checkpoint resumeFrom;
  private long checkpointed = -1;

  /**
   * How the run is driven: progress bar on or off, metering of stages, the dtype, and the compute
   * context it shares with other runs of the process.
   */
  public record Options(boolean progress, StageTap tap, DataType dtype, ComputeContext compute) {
    /** With a compute context of its own. */
    public Options(boolean progress, StageTap tap, DataType dtype) {
      this(progress, tap, dtype, ComputeContext.create());
    }

    public static Options quiet() {
      return new Options(false, StageTap.NAME_ONLY, DataType.FLOAT);
    }

    /** These options in {@code context}. */
    public Options in(ComputeContext context) {
      return new Options(progress, tap, dtype, context);
    }
  }

  /**
   * What a finished run reports: its last step, and whether a stop came before the final
   * evaluation was done (then {@code finalEval} is null and a resume does it).
   */
  public record Result(long lastStep, boolean stopped, EvalReport finalEval) {}

  public TrainingRun(RunConfig config, RunDirectory dir, Checkpoint resumeFrom, Options options) {
    this(config, dir, resumeFrom, options, new StopRequest());
  }

  /** As above, stopped when {@code stop} is requested (by a signal handler, say). */
  public TrainingRun(RunConfig config, RunDirectory dir, Checkpoint resumeFrom, Options options,
                     StopRequest stop) {
    this.config = config;
    this.stop = stop;
    this.dir = dir;
    this.options = options;
    this.resumeFrom = resumeFrom;
    this.evaluation = new Evaluation(config, options.compute().floors());
    FlowMapMlp net = options.compute().newNetwork(config, options.dtype());
    this.trainer = new Trainer(config, net, options.compute().faults());
    if (resumeFrom != null) {
      Teacher.checkResume(trainer.teacher(), resumeFrom.teacherDigest(), dir.path());
      restore(resumeFrom, net, options.dtype());
    }
    trainer.markRollbackPoint(resumeFrom == null ? 0 : resumeFrom.step());
  }

  /** Loads the checkpoint's state; a config that no longer matches it is a user error. */
  private void restore(Checkpoint ck, FlowMapMlp net, DataType dtype) {
    if (ck.params().length() != net.params().length()) {
      throw new CheckpointException("cannot resume: the checkpoint has " + ck.params().length()
          + " weights but the config describes a network with " + net.params().length()
          + " (model.* cannot change on resume)");
    }
    try {
      net.params().assign(ck.params().reshape(net.params().shape()).castTo(dtype));
      trainer.optimizer().load(ck.optimizerState());
      if (config.optim().ema() > 0) { // an EMA switched on at resume starts from the weights
        trainer.ema().load(ck.ema() != null ? ck.ema().castTo(dtype) : net.params());
      }
      trainer.restoreRollbacks(Math.min(ck.rollbacks(), Trainer.MAX_ROLLBACKS));
    } catch (IllegalArgumentException e) {
      throw new CheckpointException("cannot resume: the checkpoint's optimizer state does not fit"
          + " the config (optim.name cannot change on resume): " + e.getMessage());
    }
    try {
      trainer.restoreGapBins(ck.gapBins());
    } catch (IllegalArgumentException e) {
      throw new CheckpointException("cannot resume: " + e.getMessage());
    }
  }

  /** Hot stream of step events; slow subscribers miss events rather than slow training. */
  public Flux<StepEvent> steps() {
    return steps.asFlux();
  }

  /** The logged step events (every train.log_every), the last 1000 replayed to new subscribers. */
  public Flux<StepEvent> history() {
    return history.asFlux();
  }

  /** Evaluations; a new subscriber first gets the latest one. */
  public Flux<EvalReport> evals() {
    return evals.asFlux();
  }

  /** Called with fresh weight snapshots at the start and after every evaluation. */
  public void onWeights(Consumer<SnapshotGenerator.Weights> listener) {
    weightListeners.add(listener);
  }

  /** The current weights as an immutable snapshot. */
  public SnapshotGenerator.Weights snapshot(long step) {
    FlowMapMlp raw = trainer.network().snapshot();
    FlowMapMlp ema = config.optim().ema() > 0 ? trainer.emaNetwork().snapshot() : raw;
    return new SnapshotGenerator.Weights(raw, ema, step);
  }

  /** Asks the run to stop after the current step; waits up to {@code timeoutSeconds} for it. */
  public boolean requestStop(long timeoutSeconds) throws InterruptedException {
    stop.request();
    return finished.await(timeoutSeconds, TimeUnit.SECONDS);
  }

  /** Runs to {@code train.steps} (or until stopped) on a dedicated scheduler; blocks the caller. */
  public Result run() {
    Scheduler scheduler = Schedulers.newSingle("flowmap-train");
    long start = resumeFrom == null ? 0 : resumeFrom.step();
    long total = config.train().steps();
    try {
      if (resumeFrom == null) {
        String notice = dir.create(config, Instant.now(),
            Platform.current(options.compute().ops(), options.dtype()), trainer.teacher());
        if (notice != null) {
          System.err.println(notice);
        }
      } else {
        dir.logs().truncate(start);
        dir.rewriteConfig(config);
      }
      publishWeights(start);
      if (resumeFrom != null && evalCutShort(start)) {
        evaluatePeriodically(start, null);
      }
      StepEvent last = null;
      if (!stop.requested()) {
        try (ProgressReporter progress = options.progress() ? new ProgressReporter("train", start, total) : null) {
          last = TrainingPipeline.steps(trainer, start + 1, total, options.tap())
              .doOnNext(e -> onStep(e, progress))
              .takeUntil(e -> stop.requested())
              .subscribeOn(scheduler)
              .blockLast();
        }
      }
      long lastStep = last == null ? start : last.step();
      if (last != null && checkpointed != lastStep) {
        writeCheckpoint(lastStep);
      }
      EvalReport fin = stop.requested() ? null : finish(lastStep);
      return new Result(lastStep, fin == null, fin);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      scheduler.dispose();
      trainer.close();
      try {
        dir.close();
      } catch (IOException ignored) {
        // the log was flushed line by line
      }
      finished.countDown();
    }
  }

  private void onStep(StepEvent e, ProgressReporter progress) {
    steps.tryEmitNext(e);
    if (progress != null) {
      progress.onStep(e);
    }
    var t = config.train();
    if (e.skipped()) {
      String why = Double.isFinite(e.gradNorm()) && Double.isFinite(e.total())
          ? String.format("gradient norm %.4g above optim.rollback_norm %s (loss %.4g)", e.gradNorm(),
              config.optim().rollbackNorm(), e.total())
          : String.format("loss %s, gradient norm %s: not finite", e.total(), e.gradNorm());
      String line = String.format("step %d: %s; weights, moments and EMA rolled back to step %d,"
          + " learning rate now %s times the schedule's (rollback %d of %d)", e.step(), why,
          trainer.rollbackPoint(), trainer.lrScale(), trainer.rollbacks(), Trainer.MAX_ROLLBACKS);
      System.err.println(System.lineSeparator() + "flowmap: " + line);
    }
    if (e.skipped() || e.step() % t.logEvery() == 0 || e.step() == t.steps()) {
      dir.logs().step(e);
      history.tryEmitNext(e);
    }
    if (t.evalEvery() > 0 && e.step() % t.evalEvery() == 0 && e.step() < t.steps()) {
      evaluatePeriodically(e.step(), progress);
    }
    if (t.checkpointEvery() > 0 && e.step() % t.checkpointEvery() == 0) {
      writeCheckpoint(e.step());
    }
  }

  /** The periodic evaluation of {@code step}; one cut short by a stop is dropped (a resume redoes it). */
  private void evaluatePeriodically(long step, ProgressReporter progress) {
    if (progress != null) {
      progress.message("evaluating");
    }
    EvalReport report = evaluate(step, config.train().evalSamples());
    if (report == null) {
      return; // stopped during the evaluation: takeUntil ends the run after this step
    }
    publish(report);
    publishWeights(step);
    if (progress != null) {
      progress.evaluated(report);
    }
  }

  /** Whether {@code step} was due a periodic evaluation that a stop cut short. */
  private boolean evalCutShort(long step) {
    var t = config.train();
    return step > 0 && t.evalEvery() > 0 && step % t.evalEvery() == 0 && step < t.steps()
        && !dir.logs().hasEval(step);
  }

  private EvalReport evaluate(long step, int samples) {
    return evaluate(step, samples, n -> { });
  }

  private EvalReport evaluate(long step, int samples, java.util.function.IntConsumer afterEach) {
    EmaOrRaw weights = RunSetup.weights(config);
    return evaluation.evaluate(weights.ema() ? trainer.emaNetwork() : trainer.network(), step,
        samples, weights, afterEach, stop);
  }

  private void publish(EvalReport report) {
    try {
      dir.logs().eval(report);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    evals.tryEmitNext(report);
  }

  private void publishWeights(long step) {
    if (!weightListeners.isEmpty()) {
      SnapshotGenerator.Weights w = snapshot(step);
      weightListeners.forEach(l -> l.accept(w));
    }
  }

  private void writeCheckpoint(long step) {
    try {
      new Checkpoint(ConfigLoader.toYaml(config), step, trainer.network().params(),
          trainer.optimizer().state(), config.optim().emaEnabled() ? trainer.ema().weights() : null,
          Platform.current(options.compute().ops(), options.dtype()), trainer.network().fourier().frequencies(),
          trainer.teacher() != null ? trainer.teacher().digest() : "", trainer.rollbacks(),
          trainer.gapBinState())
          .write(dir.checkpoint());
      checkpointed = step;
      trainer.markRollbackPoint(step);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The final evaluation at eval.samples, its tables and the figures; null when stopped during it. */
  private EvalReport finish(long step) throws IOException {
    EvalReport report;
    if (options.progress()) {
      try (ProgressReporter bar = ProgressReporter.forEvaluation(
          "final eval, " + config.eval().samples() + " samples per N", config.eval().steps())) {
        report = evaluate(step, config.eval().samples(), bar::advance);
      }
    } else {
      report = evaluate(step, config.eval().samples(), n -> { });
    }
    if (report == null) {
      return null;
    }
    publish(report);
    publishWeights(step);
    KlTables.writeJson(dir.klJson(), report);
    KlTables.writeMarkdown(dir.klMarkdown(), Map.of(config.loss().method().toString(), report));
    writeFigures(report);
    return report;
  }

  private void writeFigures(EvalReport report) throws IOException {
    int shown = Math.min(20_000, report.samples());
    Figures.scatter(dir.targetFigure(), "target", evaluation.target(report.samples()), shown);
    List<Integer> ns = config.eval().steps();
    List<float[]> row = new ArrayList<>();
    for (int n : ns) {
      row.add(evaluation.lastSamples(n));
    }
    Figures.samplesGrid(dir.samplesFigure(), List.of(config.loss().method().toString()), ns,
        List.of(row), shown);
    Map<String, double[][]> curves = dir.logs().lossCurves();
    if (!curves.isEmpty()) {
      Figures.lossCurves(dir.lossFigure(), curves);
    }
  }

  public Evaluation evaluation() {
    return evaluation;
  }
}

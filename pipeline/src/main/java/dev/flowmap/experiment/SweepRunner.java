package dev.flowmap.experiment;

import dev.flowmap.config.RunConfig;
import dev.flowmap.eval.KlRow;
import dev.flowmap.train.Checkpoint;
import dev.flowmap.train.ComputeContext;
import dev.flowmap.train.DivergedException;
import dev.flowmap.train.RunDirectory;
import dev.flowmap.train.TrainingRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Trains a sweep's planned runs: one at a time in this JVM, or P at once in child JVMs; records
 * each run's wall time ({@link RunClock}) and prints one line as each run starts and ends.
 * {@link #stop()} (Ctrl-C or SIGTERM) stops the runs in flight at a checkpoint and starts no more.
 */
public final class SweepRunner {
  /** What a run needs: nothing (kl.json exists, or it diverged), a resume, or a fresh start. */
  public enum State { DONE, RESUME, FRESH }

  /** One planned run: its index, grid point, directory, resolved config and overrides. */
  public record Job(int index, Grid.Point point, Path dir, RunConfig config, List<String> sets,
                    State state, long fromStep) {}

  /** How the sweep ended: interrupted or not, and the runs that failed. */
  public record Summary(boolean stopped, List<String> failed) {}

  private final Path configFile;
  private final String mainClass;
  private final List<Job> jobs;
  private final int parallel;
  private final boolean progress;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final Set<TrainingRun> localRuns = ConcurrentHashMap.newKeySet();
  private final Set<Process> children = ConcurrentHashMap.newKeySet();
  private final Set<String> failed = ConcurrentHashMap.newKeySet();
  private final ComputeContext compute = ComputeContext.create();

  /** @param mainClass the command line's main class, which child JVMs run {@code train} with */
  public SweepRunner(Path configFile, String mainClass, List<Job> jobs, int parallel,
                     boolean progress) {
    this.configFile = configFile;
    this.mainClass = mainClass;
    this.jobs = jobs;
    this.parallel = parallel;
    this.progress = progress;
  }

  /**
   * Runs every job that is not done; blocks until they end or {@link #stop()} ends the sweep.
   */
  public Summary run() {
    for (Job j : jobs) {
      if (j.state() == State.DONE) {
        line(j, "done earlier, skipped (" + (new RunDirectory(j.dir()).finished()
            ? "kl.json exists" : "it diverged") + ")");
      }
    }
    List<Job> todo = jobs.stream().filter(j -> j.state() != State.DONE).toList();
    if (parallel == 1) {
      for (Job j : todo) {
        runLocal(j);
      }
    } else {
      // The sweep owns its pool as the trainer owns its workers: P threads, each waiting on one
      // child JVM at a time (the waits block, but nothing else runs here), disposed at the end.
      Scheduler pool = Schedulers.newParallel("flowmap-sweep", parallel, true);
      try {
        Flux.fromIterable(todo)
            .flatMap(j -> Mono.fromRunnable(() -> runChild(j)).subscribeOn(pool), parallel)
            .blockLast();
      } finally {
        pool.dispose();
      }
    }
    return new Summary(stopping.get(), failed.stream().sorted().toList());
  }

  /** Stops the runs in flight at a checkpoint and starts no more (what Ctrl-C or SIGTERM does). */
  public void stop() {
    stopping.set(true);
    for (TrainingRun r : localRuns) {
      try {
        r.requestStop(0);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    children.forEach(Process::destroy); // SIGTERM: the child checkpoints and exits 0
  }

  private void runLocal(Job j) {
    if (stopping.get()) {
      return;
    }
    begin(j);
    String outcome;
    try {
      RunDirectory dir = new RunDirectory(j.dir());
      Checkpoint ck = j.state() == State.RESUME ? Checkpoint.read(dir.checkpoint()) : null;
      TrainingRun run = LocalRun.create(compute, j.config(), dir, ck, progress);
      localRuns.add(run);
      if (stopping.get()) {
        run.requestStop(0);
      }
      try {
        outcome = run.run().stopped() ? "stopped" : "finished";
      } finally {
        localRuns.remove(run);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      outcome = "stopped";
    } catch (RuntimeException e) {
      if (!diverged(e)) {
        RunClock.end(j.dir(), "failed");
        throw e;
      }
      outcome = "diverged";
      line(j, e.getMessage());
    }
    end(j, outcome);
  }

  private void runChild(Job j) {
    if (stopping.get()) {
      return;
    }
    begin(j);
    String outcome;
    try {
      Process p = ChildRun.start(mainClass, configFile, j.sets(), j.dir());
      children.add(p);
      if (stopping.get()) {
        p.destroy();
      }
      int code = p.waitFor();
      children.remove(p);
      outcome = code == 0 ? (new RunDirectory(j.dir()).finished() ? "finished" : "stopped")
          : code == DivergedException.EXIT_CODE ? "diverged"
          : stopping.get() ? "stopped" : "failed"; // SIGTERM before train set its handler: 143
      if (code != 0 && !"stopped".equals(outcome)) {
        line(j, "exit " + code + ": " + ChildRun.lastLine(j.dir()));
      }
    } catch (IOException e) {
      outcome = "failed";
      line(j, "could not start a JVM: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      outcome = "stopped";
    }
    if ("failed".equals(outcome)) {
      failed.add(j.point().name());
    }
    end(j, outcome);
  }

  /** Clears a never-checkpointed attempt's logs, starts the clock and prints the start line. */
  private void begin(Job j) {
    if (j.state() == State.FRESH) {
      try {
        RunDirectory dir = new RunDirectory(j.dir());
        Files.deleteIfExists(dir.trainLog());
        Files.deleteIfExists(dir.evalLog());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    RunClock.begin(j.dir());
    line(j, j.state() == State.RESUME ? "resuming from step " + j.fromStep() : "training");
  }

  private void end(Job j, String outcome) {
    RunClock.end(j.dir(), outcome);
    double minutes = RunClock.seconds(RunClock.read(j.dir()), null) / 60;
    String kl = "";
    if ("finished".equals(outcome)) {
      try {
        SweepReport.Result r = SweepReport.read(j.point(), j.dir());
        KlRow first = r.rows().values().stream().findFirst().orElse(null);
        if (first != null) {
          kl = String.format(Locale.ROOT, ", KL N=%d %.4f (floor %.4f, n %s), in-support %.3f",
              first.steps(), first.kl(), first.floor(), r.samples(), first.inSupport());
        }
      } catch (IOException e) {
        kl = ", kl.json unreadable: " + e.getMessage();
      }
    }
    line(j, outcome + String.format(Locale.ROOT, " after %.1f min of training", minutes) + kl);
  }

  private void line(Job j, String what) {
    System.err.println("sweep: [" + j.index() + "/" + jobs.size() + "] " + j.point().name() + ": " + what);
  }

  private static boolean diverged(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DivergedException) {
        return true;
      }
    }
    return false;
  }
}

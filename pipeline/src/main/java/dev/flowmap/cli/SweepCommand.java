package dev.flowmap.cli;

import dev.flowmap.config.ConfigException;
import dev.flowmap.config.ConfigLoader;
import dev.flowmap.config.RunConfig;
import dev.flowmap.experiment.Grid;
import dev.flowmap.experiment.LocalRun;
import dev.flowmap.experiment.RunClock;
import dev.flowmap.experiment.SweepReport;
import dev.flowmap.experiment.SweepRunner;
import dev.flowmap.train.Checkpoint;
import dev.flowmap.train.RunDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Trains the cartesian product of {@code --grid} values, one run directory each; writes sweep.md and sweep.png. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = "Train every combination of the --grid values into DIR/<name>/; write sweep.md"
        + " (sorted by one-step KL) and sweep.png (one-step KL against minutes). Rerun the same"
        + " command to resume: finished runs (kl.json) are skipped, started ones resume.")
final class SweepCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions configOptions;

  @Option(names = "--grid", paramLabel = "KEY=V1,V2", required = true,
      description = "a config key and its values, read as YAML like --set values; lists split at"
          + " top-level commas (eval.steps=[1,2],[1,2,4]); repeatable, the runs are the product")
  List<String> grids = new ArrayList<>();

  @Option(names = "--out", description = "sweep directory, default runs/sweep-<time>")
  Path out;

  @Option(names = "--parallel", defaultValue = "1", paramLabel = "P",
      description = "runs at once, each in its own JVM with train.threads = max(1, T / P), T being"
          + " train.threads or the core count when 0 (default ${DEFAULT-VALUE}: in this JVM)")
  int parallel;

  @Option(names = "--no-progress", description = "no progress bar (with --parallel 1)")
  boolean noProgress;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Args.check(spec, parallel >= 1, "--parallel", parallel, "must be at least 1");
    Grid grid;
    try {
      grid = Grid.parse(grids);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    Path dir = out != null ? out : LocalRun.timestamped("sweep");
    List<SweepRunner.Job> jobs = plan(grid, dir);
    RunDirectory.ensureWritable(dir);
    long done = jobs.stream().filter(j -> j.state() == SweepRunner.State.DONE).count();
    long resumed = jobs.stream().filter(j -> j.state() == SweepRunner.State.RESUME).count();
    System.err.println("sweep: " + jobs.size() + " runs into " + dir + " (" + done
        + " done earlier, " + resumed + " to resume), " + (parallel == 1 ? "one at a time in this JVM"
        : parallel + " at once in child JVMs"));
    SweepRunner runner = new SweepRunner(configOptions.config, Main.class.getName(), jobs, parallel,
        !noProgress);
    Runnable restoreSignals = Signals.onInterrupt(runner::stop);
    SweepRunner.Summary summary;
    try {
      summary = runner.run();
    } finally {
      restoreSignals.run();
    }
    List<SweepReport.Result> results = new ArrayList<>();
    for (SweepRunner.Job j : jobs) {
      results.add(SweepReport.read(j.point(), j.dir()));
    }
    String title = "Sweep of " + configOptions.config + (configOptions.sets.isEmpty() ? ""
        : " with " + String.join(" ", configOptions.sets)) + " over " + String.join(", ", grid.keys());
    SweepReport.write(dir, title, grid.keys(), results);
    System.out.println(SweepReport.markdown(title, grid.keys(), results));
    System.err.println("sweep: wrote " + dir.resolve("sweep.md") + " and " + dir.resolve("sweep.png"));
    if (summary.stopped()) {
      System.err.println("sweep: interrupted; rerun the same command to resume");
    }
    if (!summary.failed().isEmpty()) {
      System.err.println("sweep: " + summary.failed().size() + " run(s) failed: "
          + String.join(", ", summary.failed()) + " (see " + RunDirectory.CHILD_LOG + " in each)");
      return 1;
    }
    return 0;
  }

  /**
   * Resolves and validates every combination's config before anything trains: a bad key or value
   * is a one-line {@link ConfigException}; so are two combinations with the same config and a
   * started run whose checkpoint no longer takes the overrides.
   */
  private List<SweepRunner.Job> plan(Grid grid, Path dir) {
    List<SweepRunner.Job> jobs = new ArrayList<>();
    Map<RunConfig, String> seen = new HashMap<>();
    for (Grid.Point p : grid.points()) {
      RunConfig config = ConfigLoader.load(configOptions.config, configOptions.sets, p.sets());
      String twin = seen.putIfAbsent(config, p.name());
      if (twin != null) {
        throw new ConfigException("--grid: runs " + twin + " and " + p.name()
            + " resolve to the same config");
      }
      List<String> sets = new ArrayList<>(configOptions.sets);
      sets.addAll(p.sets());
      if (parallel > 1) {
        int budget = config.train().threads() > 0 ? config.train().threads()
            : Runtime.getRuntime().availableProcessors();
        sets.add("train.threads=" + Math.max(1, budget / parallel));
        config = ConfigLoader.load(configOptions.config, sets);
      }
      Path runDir = dir.resolve(p.name());
      RunDirectory rd = new RunDirectory(runDir);
      SweepRunner.State state;
      Checkpoint ck = null;
      if (rd.finished() || "diverged".equals(RunClock.outcome(RunClock.read(runDir)))) {
        state = SweepRunner.State.DONE;
      } else if (rd.hasCheckpoint()) {
        state = SweepRunner.State.RESUME;
        ck = Checkpoint.read(rd.checkpoint());
        config = ConfigLoader.fromYamlString(ck.configYaml(), sets);
      } else {
        state = SweepRunner.State.FRESH;
      }
      jobs.add(new SweepRunner.Job(jobs.size() + 1, p, runDir, config, sets, state,
          ck == null ? 0 : ck.step()));
    }
    return jobs;
  }
}

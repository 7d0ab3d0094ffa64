package dev.flowmap.cli;

import dev.flowmap.experiment.Grid;
import dev.flowmap.experiment.LocalRun;
import dev.flowmap.experiment.ReferencePoint;
import dev.flowmap.experiment.SweepPlan;
import dev.flowmap.experiment.SweepReport;
import dev.flowmap.experiment.SweepRunner;
import dev.flowmap.train.RunDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

  @Option(names = "--reference", paramLabel = "LABEL=MINUTES:KL",
      description = "a one-step KL reached elsewhere (not a flowmap run) after MINUTES of wall"
          + " clock, drawn as a marked point in sweep.png and listed in sweep.md; repeatable")
  List<String> references = new ArrayList<>();

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
    List<ReferencePoint> refs = new ArrayList<>();
    for (String r : references) {
      refs.add(parseReference(spec, r));
    }
    Path dir = out != null ? out : LocalRun.timestamped("sweep");
    List<SweepRunner.Job> jobs = SweepPlan.jobs(configOptions.file(), configOptions.sets, grid, dir,
        parallel);
    Set<String> names = new HashSet<>();
    jobs.forEach(j -> names.add(j.point().name()));
    for (int i = 0; i < refs.size(); i++) {
      if (!names.add(refs.get(i).label())) {
        throw badReference(spec, references.get(i),
            "the label is taken by a run or another reference");
      }
    }
    RunDirectory.ensureWritable(dir);
    long done = jobs.stream().filter(j -> j.state() == SweepRunner.State.DONE).count();
    long resumed = jobs.stream().filter(j -> j.state() == SweepRunner.State.RESUME).count();
    System.err.println("sweep: " + jobs.size() + " runs into " + dir + " (" + done
        + " done earlier, " + resumed + " to resume), " + (parallel == 1 ? "one at a time in this JVM"
        : parallel + " at once in child JVMs"));
    SweepRunner runner = new SweepRunner(configOptions.file(), Main.class.getName(), jobs, parallel,
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
    String title = "Sweep of " + configOptions.file() + (configOptions.sets.isEmpty() ? ""
        : " with " + String.join(" ", configOptions.sets)) + " over " + String.join(", ", grid.keys());
    SweepReport.write(dir, title, grid.keys(), results, refs);
    System.out.println(SweepReport.markdown(title, grid.keys(), results, refs));
    System.err.println("sweep: wrote " + SweepReport.table(dir) + " and " + SweepReport.figure(dir));
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

  /** Parses {@code LABEL=MINUTES:KL}, split at the last '=' (a label may hold '=' or ':'). */
  static ReferencePoint parseReference(CommandLine.Model.CommandSpec spec, String value) {
    int eq = value.lastIndexOf('=');
    int colon = value.indexOf(':', eq + 1);
    if (eq < 0 || colon < 0) {
      throw badReference(spec, value, "expected LABEL=MINUTES:KL");
    }
    try {
      return new ReferencePoint(value.substring(0, eq).strip(),
          number(spec, value, "minutes", value.substring(eq + 1, colon)),
          number(spec, value, "KL", value.substring(colon + 1)));
    } catch (IllegalArgumentException e) {
      throw badReference(spec, value, e.getMessage());
    }
  }

  private static double number(CommandLine.Model.CommandSpec spec, String value, String what,
                               String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw badReference(spec, value, what + " must be a number, got '" + text + "'");
    }
  }

  private static CommandLine.ParameterException badReference(CommandLine.Model.CommandSpec spec,
                                                             String value, String why) {
    return new CommandLine.ParameterException(spec.commandLine(),
        "--reference '" + value + "': " + why);
  }
}

package dev.flowmap.cli;

import dev.flowmap.config.RunConfig;
import dev.flowmap.eval.EvalReport;
import dev.flowmap.eval.KlTables;
import dev.flowmap.experiment.Compare;
import dev.flowmap.experiment.LocalRun;
import dev.flowmap.train.ComputeContext;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code compare}: the options of {@link Compare}, which trains several methods at the same budget. */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Train each of compare.methods at the same budget; write compare.md and compare.png.")
final class CompareCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions configOptions;

  @Option(names = "--out", description = "output directory, default runs/compare-<time>")
  Path out;

  @Option(names = "--no-progress", description = "no progress bar")
  boolean noProgress;

  @Override
  public Integer call() throws Exception {
    RunConfig base = configOptions.load();
    Path dir = out != null ? out : LocalRun.timestamped("compare");
    Map<String, EvalReport> reports = Compare.run(ComputeContext.create(), base, dir, !noProgress);
    if (reports == null) {
      return 0;
    }
    System.out.println(KlTables.markdown(reports));
    System.err.println("compare: wrote " + Compare.table(dir) + " and " + Compare.figure(dir));
    return 0;
  }
}

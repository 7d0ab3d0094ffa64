package dev.flowmap.cli;

import dev.flowmap.config.RunConfig;
import dev.flowmap.eval.EvalReport;
import dev.flowmap.eval.Figures;
import dev.flowmap.eval.KlTables;
import dev.flowmap.experiment.LocalRun;
import dev.flowmap.loss.Method;
import dev.flowmap.train.ComputeContext;
import dev.flowmap.train.RunDirectory;
import dev.flowmap.train.TrainingRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Trains several methods at the same budget and writes one table and one figure. */
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
    Map<String, EvalReport> reports = new LinkedHashMap<>();
    List<List<float[]>> samples = new ArrayList<>();
    ComputeContext compute = ComputeContext.create();
    for (Method method : base.compare().methods()) {
      RunConfig c = base.withMethod(method);
      RunDirectory runDir = new RunDirectory(dir.resolve(method.toString()));
      runDir.refuseExistingRun();
      System.err.println("compare: training " + method + " into " + runDir.path());
      TrainingRun run = LocalRun.create(compute, c, runDir, null, !noProgress);
      TrainingRun.Result r = run.run();
      if (r.stopped()) {
        System.err.println("compare: stopped during " + method);
        return 0;
      }
      reports.put(method.toString(), r.finalEval());
      List<float[]> row = new ArrayList<>();
      for (int n : c.eval().steps()) {
        row.add(run.evaluation().lastSamples(n));
      }
      samples.add(row);
    }
    KlTables.writeMarkdown(dir.resolve("compare.md"), reports);
    Figures.samplesGrid(dir.resolve("compare.png"), new ArrayList<>(reports.keySet()),
        base.eval().steps(), samples, Math.min(20_000, base.eval().samples()));
    System.out.println(KlTables.markdown(reports));
    System.err.println("compare: wrote " + dir.resolve("compare.md") + " and " + dir.resolve("compare.png"));
    return 0;
  }
}

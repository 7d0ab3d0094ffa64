package dev.flowmap.experiment;

import dev.flowmap.config.RunConfig;
import dev.flowmap.eval.EvalReport;
import dev.flowmap.eval.Figures;
import dev.flowmap.eval.KlTables;
import dev.flowmap.loss.Method;
import dev.flowmap.train.ComputeContext;
import dev.flowmap.train.RunDirectory;
import dev.flowmap.train.TrainingRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code compare}: trains each of {@code compare.methods} at the same budget, one after another
 * in this JVM, into {@code DIR/<method>/}; writes {@code compare.md} (one KL table, a column per
 * method) and {@code compare.png} (their samples per N).
 */
public final class Compare {
  private Compare() {}

  /**
   * Trains every method of {@code base}; returns the final evaluations by method, or null when a
   * run was stopped (Ctrl-C), in which case nothing is written. The runs share {@code compute}.
   *
   * @throws dev.flowmap.train.RunDirectoryException when a method's directory already holds a run
   */
  public static Map<String, EvalReport> run(ComputeContext compute, RunConfig base, Path dir,
                                            boolean progress)
      throws IOException {
    Map<String, EvalReport> reports = new LinkedHashMap<>();
    List<List<float[]>> samples = new ArrayList<>();
    for (Method method : base.compare().methods()) {
      RunConfig c = base.withMethod(method);
      RunDirectory runDir = new RunDirectory(dir.resolve(method.toString()));
      runDir.refuseExistingRun();
      System.err.println("compare: training " + method + " into " + runDir.path());
      TrainingRun run = LocalRun.create(compute, c, runDir, null, progress);
      TrainingRun.Result r = run.run();
      if (r.stopped()) {
        System.err.println("compare: stopped during " + method);
        return null;
      }
      reports.put(method.toString(), r.finalEval());
      List<float[]> row = new ArrayList<>();
      for (int n : c.eval().steps()) {
        row.add(run.evaluation().lastSamples(n));
      }
      samples.add(row);
    }
    KlTables.writeMarkdown(table(dir), reports);
    Figures.samplesGrid(figure(dir), new ArrayList<>(reports.keySet()),
        base.eval().steps(), samples, Math.min(20_000, base.eval().samples()));
    return reports;
  }

  /** {@code compare.md} in {@code dir}. */
  public static Path table(Path dir) {
    return dir.resolve("compare.md");
  }

  /** {@code compare.png} in {@code dir}. */
  public static Path figure(Path dir) {
    return dir.resolve("compare.png");
  }
}

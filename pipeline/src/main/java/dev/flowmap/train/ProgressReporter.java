package dev.flowmap.train;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Terminal progress bars: training (steps/s, time left, latest loss) and evaluations. */
public final class ProgressReporter implements AutoCloseable {
  private final ProgressBar bar;
  private String lastEval = "";

  ProgressReporter(String task, long from, long total) {
    this(task, from, total, " steps");
  }

  private ProgressReporter(String task, long from, long total, String unit) {
    bar = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .startsFrom(from, Duration.ZERO)
        .setStyle(ProgressBarStyle.ASCII)
        .setUnit(unit, 1)
        .showSpeed()
        .setSpeedUnit(ChronoUnit.SECONDS)
        .setUpdateIntervalMillis(500)
        .setMaxRenderedLength(150)
        .build();
  }

  /**
   * A bar for an evaluation, counted in network passes over the samples (sum of N), so that the
   * time left is meaningful; advance it with {@link #advance}.
   */
  public static ProgressReporter forEvaluation(String task, java.util.List<Integer> steps) {
    return new ProgressReporter(task, 0, steps.stream().mapToLong(Integer::longValue).sum(), " passes");
  }

  /** Marks the passes of one N as done. */
  public void advance(int n) {
    bar.stepBy(n);
    bar.setExtraMessage(" N=" + n + " scored");
  }

  void onStep(StepEvent e) {
    bar.stepTo(e.step());
    if (e.step() % 10 == 0) {
      bar.setExtraMessage(String.format(" loss %.4g", e.total()) + lastEval);
    }
  }

  /**
   * The first N's KL of an evaluation with its floor and n, e.g. "KL(N=1) 0.4123 (floor 0.0230,
   * n = 50,000)", for the bar's message after a periodic evaluation.
   */
  static String klSummary(dev.flowmap.eval.EvalReport r) {
    if (r.rows().isEmpty()) {
      return "evaluated";
    }
    var row = r.rows().get(0);
    return String.format(java.util.Locale.ROOT, "KL(N=%d) %.4f (floor %.4f, n = %,d)",
        row.steps(), row.kl(), row.floor(), r.samples());
  }

  /** Keeps the latest periodic evaluation's KL, floor and n on the bar beside the loss. */
  void evaluated(dev.flowmap.eval.EvalReport r) {
    lastEval = ", " + klSummary(r);
    bar.setExtraMessage(" " + klSummary(r));
  }

  void message(String text) {
    bar.setExtraMessage(" " + text);
  }

  @Override
  public void close() {
    bar.close();
  }
}

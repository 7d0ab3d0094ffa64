package dev.flowmap.eval;

import java.util.List;

/**
 * One evaluation: the KL row for each number of steps N, at training step {@code step}, with n =
 * {@code samples} target and generated samples per N on a {@code bins} x {@code bins} histogram.
 */
public record EvalReport(long step, int samples, int bins, String weights, List<KlRow> rows) {
  public EvalReport {
    rows = List.copyOf(rows);
  }

  /** An evaluation with the default 60 bins per axis. */
  public EvalReport(long step, int samples, String weights, List<KlRow> rows) {
    this(step, samples, HistogramKl.DEFAULT_BINS, weights, rows);
  }
}

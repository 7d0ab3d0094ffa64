package dev.flowmap.eval;

import java.util.List;

/** One evaluation: the KL row for each number of steps N, at training step {@code step}. */
public record EvalReport(long step, int samples, String weights, List<KlRow> rows) {
  public EvalReport {
    rows = List.copyOf(rows);
  }
}

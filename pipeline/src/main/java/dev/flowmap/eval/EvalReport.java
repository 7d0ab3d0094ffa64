package dev.flowmap.eval;

import java.util.List;

/**
 * One evaluation: the KL row for each number of steps N, at training step {@code step}, with n =
 * {@code samples} target and generated samples per N on a {@code bins} x {@code bins} histogram;
 * {@code sampler} names how the N steps were taken: "map" (N jumps of the flow map), or "euler" /
 * "heun" (N ODE steps on the diagonal velocity v_{t,t}).
 */
public record EvalReport(long step, int samples, int bins, String weights, List<KlRow> rows,
                         String sampler) {
  /** The sampler of an evaluation that composes the map. */
  public static final String MAP = "map";

  public EvalReport {
    rows = List.copyOf(rows);
    java.util.Objects.requireNonNull(sampler, "sampler");
  }

  /** An evaluation by composing the map. */
  public EvalReport(long step, int samples, int bins, String weights, List<KlRow> rows) {
    this(step, samples, bins, weights, rows, MAP);
  }

  /** An evaluation with the default 60 bins per axis. */
  public EvalReport(long step, int samples, String weights, List<KlRow> rows) {
    this(step, samples, HistogramKl.DEFAULT_BINS, weights, rows);
  }
}

package dev.flowmap.loss;

import dev.flowmap.data.Batch;
import dev.flowmap.model.FlowMapMlp;
import dev.flowmap.model.Gradient;

/**
 * A training objective: the diagonal flow-matching term on the batch's diagonal group plus the
 * method's self-distillation term on its off-diagonal group, weighted as the batch composition
 * says (METHOD.md "Batches"): {@code seed} and {@code notebook} take the mean over samples and
 * coordinates of each group and add them; {@code paper} sums squared norms over the whole batch
 * and divides by B. An objective may cover a slice of the batch's rows (a worker's share, see
 * {@link #slice}); its terms are then weighted by the whole batch's counts, so that the slices'
 * losses and gradients add up to the whole batch's.
 */
public final class Objective {
  private final Group diagGroup;
  private final Group offGroup;
  private final DiagonalFlowMatching diagonal;
  private final Term main;
  private final String term;
  private final double diagWeight;
  private final double offWeight;
  private final int diagFrom;
  private final int offFrom;

  private final double distillWeight;

  private Objective(FlowMapMlp net, String method, boolean positionForm, Rows diagRows, Rows offRows,
                    boolean paperWeights, double distillWeight) {
    if (!(distillWeight > 0) || Double.isInfinite(distillWeight)) {
      throw new IllegalArgumentException("distill weight must be positive, was " + distillWeight);
    }
    this.distillWeight = distillWeight;
    int diagCount = diagRows.count;
    int offCount = offRows.count;
    this.diagFrom = diagRows.from;
    this.offFrom = offRows.from;
    this.diagGroup = diagCount > 0 ? new Group(net.dtype(), diagCount) : null;
    this.offGroup = offCount > 0 ? new Group(net.dtype(), offCount) : null;
    this.diagonal = diagCount > 0 ? new DiagonalFlowMatching(net, diagCount) : null;
    this.term = termOf(method);
    this.main = offCount > 0 ? mainTerm(net, method, positionForm, offCount) : null;
    int total = diagRows.total + offRows.total;
    this.diagWeight = paperWeights ? 1.0 / total : 1.0 / (2.0 * Math.max(diagRows.total, 1));
    this.offWeight = paperWeights ? 1.0 / total : 1.0 / (2.0 * Math.max(offRows.total, 1));
  }

  /** Rows [from, from + count) of a group of {@code total} rows. */
  public record Rows(int from, int count, int total) {
    public Rows {
      if (from < 0 || count < 0 || from + count > total) {
        throw new IllegalArgumentException("rows [" + from + ", " + (from + count) + ") not within " + total);
      }
    }

    /** Slice {@code k} of {@code parts} near-equal contiguous slices of {@code total} rows. */
    public static Rows part(int total, int k, int parts) {
      int from = (int) ((long) total * k / parts);
      int to = (int) ((long) total * (k + 1) / parts);
      return new Rows(from, to - from, total);
    }
  }

  /**
   * @param method       lsd, psd-m, psd-u, esd or fm (diagonal term only)
   * @param psdForm      velocity or position (PSD only)
   * @param composition  seed, notebook (both: two means) or paper (sum / B)
   */
  public static Objective create(FlowMapMlp net, String method, String psdForm, String composition,
                                 int diagCount, int offCount) {
    return slice(net, method, psdForm, composition, new Rows(0, diagCount, diagCount),
        new Rows(0, offCount, offCount));
  }

  /**
   * The objective over a slice of the batch: the diagonal rows {@code diag} and off-diagonal rows
   * {@code off}, weighted as part of the whole batch, so that summing every slice's
   * {@link #compute} gives the whole batch's loss and gradient.
   */
  public static Objective slice(FlowMapMlp net, String method, String psdForm, String composition,
                                Rows diag, Rows off) {
    return slice(net, method, psdForm, composition, diag, off, 1.0);
  }

  /**
   * As {@link #slice(FlowMapMlp, String, String, String, Rows, Rows)}, with the self-distillation
   * term's gradient multiplied by {@code distillWeight} ({@code loss.distill_weight}); the loss
   * terms {@link #compute} returns stay unweighted.
   */
  public static Objective slice(FlowMapMlp net, String method, String psdForm, String composition,
                                Rows diag, Rows off, double distillWeight) {
    return new Objective(net, method, "position".equals(psdForm), diag, off,
        "paper".equals(composition), distillWeight);
  }

  private static Term mainTerm(FlowMapMlp net, String method, boolean positionForm, int n) {
    return switch (method) {
      case "lsd" -> new LagrangianSelfDistillation(net, n);
      case "psd-m", "psd-u" -> new ProgressiveSelfDistillation(net, n, positionForm);
      case "esd" -> new EulerianSelfDistillation(net, n);
      case "fm" -> null;
      default -> throw new IllegalArgumentException("unknown method '" + method + "'");
    };
  }

  /** The name of the method's own loss term (lsd, psd, esd), or null for plain flow matching. */
  public static String termOf(String method) {
    return switch (method) {
      case "lsd" -> "lsd";
      case "psd-m", "psd-u" -> "psd";
      case "esd" -> "esd";
      case "fm" -> null;
      default -> throw new IllegalArgumentException("unknown method '" + method + "'");
    };
  }

  /** Zeroes {@code grad}, then accumulates the whole objective's gradient for this batch into it. */
  public LossTerms compute(Batch batch, Gradient grad) {
    grad.zero();
    double diag = 0;
    double off = 0;
    if (diagonal != null) {
      diagGroup.fill(batch.x0Diag, batch.x1Diag, batch.tDiag, batch.tDiag, null, diagFrom);
      diag = diagWeight * diagonal.accumulate(diagGroup, diagWeight, grad);
    }
    if (main != null) {
      offGroup.fill(batch.x0Off, batch.x1Off, batch.sOff, batch.tOff, batch.hOff, offFrom);
      off = offWeight * main.accumulate(offGroup, distillWeight * offWeight, grad);
    }
    return new LossTerms(diag, off, term);
  }

  public String term() {
    return term;
  }
}

package dev.flowmap.loss;

import dev.flowmap.data.Batch;
import dev.flowmap.model.FlowMapMlp;
import dev.flowmap.model.Gradient;

/**
 * A training objective: the diagonal flow-matching term on the batch's diagonal group plus the
 * method's self-distillation term on its off-diagonal group, weighted as the batch composition
 * says (METHOD.md "Batches"): {@code seed} and {@code notebook} take the mean over samples and
 * coordinates of each group and add them; {@code paper} sums squared norms over the whole batch
 * and divides by B.
 */
public final class Objective {
  private final Group diagGroup;
  private final Group offGroup;
  private final DiagonalFlowMatching diagonal;
  private final Term main;
  private final String term;
  private final double diagWeight;
  private final double offWeight;

  private Objective(FlowMapMlp net, String method, boolean positionForm, int diagCount, int offCount,
                    boolean paperWeights) {
    this.diagGroup = diagCount > 0 ? new Group(net.dtype(), diagCount) : null;
    this.offGroup = offCount > 0 ? new Group(net.dtype(), offCount) : null;
    this.diagonal = diagCount > 0 ? new DiagonalFlowMatching(net, diagCount) : null;
    this.term = termOf(method);
    this.main = offCount > 0 ? mainTerm(net, method, positionForm, offCount) : null;
    int total = diagCount + offCount;
    this.diagWeight = paperWeights ? 1.0 / total : 1.0 / (2.0 * Math.max(diagCount, 1));
    this.offWeight = paperWeights ? 1.0 / total : 1.0 / (2.0 * Math.max(offCount, 1));
  }

  /**
   * @param method       lsd, psd-m, psd-u, esd or fm (diagonal term only)
   * @param psdForm      velocity or position (PSD only)
   * @param composition  seed, notebook (both: two means) or paper (sum / B)
   */
  public static Objective create(FlowMapMlp net, String method, String psdForm, String composition,
                                 int diagCount, int offCount) {
    return new Objective(net, method, "position".equals(psdForm), diagCount, offCount,
        "paper".equals(composition));
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
      diagGroup.fill(batch.x0Diag, batch.x1Diag, batch.tDiag, batch.tDiag, null);
      diag = diagWeight * diagonal.accumulate(diagGroup, diagWeight, grad);
    }
    if (main != null) {
      offGroup.fill(batch.x0Off, batch.x1Off, batch.sOff, batch.tOff, batch.hOff);
      off = offWeight * main.accumulate(offGroup, offWeight, grad);
    }
    return new LossTerms(diag, off, term);
  }

  public String term() {
    return term;
  }
}

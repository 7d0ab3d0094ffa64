package dev.flowmap.loss;

import dev.flowmap.data.Batch;
import dev.flowmap.model.FlowMapMlp;
import dev.flowmap.model.Gradient;

/**
 * A training objective: the diagonal flow-matching term on the batch's diagonal group plus the
 * method's self-distillation term on its off-diagonal group, weighted as the batch composition
 * says (docs/method.md "Batches"): {@code seed} and {@code notebook} take the mean over samples and
 * coordinates of each group and add them; {@code paper} sums squared norms over the whole batch
 * and divides by B. An objective may cover a slice of the batch's rows (a worker's share, see
 * {@link #slice}); its terms are then weighted by the whole batch's counts, so that the slices'
 * losses and gradients add up to the whole batch's. The slice's rows run in blocks of the compute
 * context's fixed row block ({@link RowBlocks}).
 */
public final class Objective {
  private final RowBlocks diagonal;
  private final RowBlocks main;
  private final String term;
  private final double diagWeight;
  private final double offWeight;

  private final double distillWeight;

  private Objective(FlowMapMlp net, LossSpec spec, Faults faults, Rows diagRows, Rows offRows,
                    GapBins.Tally tally) {
    this.distillWeight = spec.distillWeight();
    int block = net.ops().rowBlock();
    this.diagonal = diagRows.count > 0 ? new RowBlocks(diagRows.from, diagRows.count, block,
        n -> new Group(net.ops(), net.dtype(), n), n -> new DiagonalFlowMatching(net, n, spec.huber())) : null;
    this.term = spec.method().term();
    this.main = offRows.count > 0 && term != null ? new RowBlocks(offRows.from, offRows.count, block,
        n -> new Group(net.ops(), net.dtype(), n, spec.gapWeight(), tally),
        n -> spec.method().newTerm(net, n, spec, faults)) : null;
    int total = diagRows.total + offRows.total;
    boolean paperWeights = spec.composition().sumsOverBatch();
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

  /** The objective over the whole batch of {@code spec}'s counts. */
  public static Objective create(FlowMapMlp net, LossSpec spec) {
    return slice(net, spec, new Rows(0, spec.diagCount(), spec.diagCount()),
        new Rows(0, spec.offCount(), spec.offCount()));
  }

  /**
   * The objective over a slice of the batch: the diagonal rows {@code diag} and off-diagonal rows
   * {@code off} of {@code spec}'s counts, weighted as part of the whole batch, so that summing
   * every slice's {@link #compute} gives the whole batch's loss and gradient.
   */
  public static Objective slice(FlowMapMlp net, LossSpec spec, Rows diag, Rows off) {
    return slice(net, spec, Faults.NONE, diag, off);
  }

  /** As above, with the terms broken as {@code faults} say (tests only). */
  public static Objective slice(FlowMapMlp net, LossSpec spec, Faults faults, Rows diag, Rows off) {
    return slice(net, spec, faults, diag, off, null);
  }

  /**
   * As above, with LSD's rows weighted by the adaptive gap bins of {@code tally} (null: none;
   * {@code loss.adaptive_bins}), their squared residuals added to it. Whoever owns the bins calls
   * {@link GapBins#update} after each step.
   */
  public static Objective slice(FlowMapMlp net, LossSpec spec, Faults faults, Rows diag, Rows off,
                                GapBins.Tally tally) {
    if (diag.total != spec.diagCount() || off.total != spec.offCount()) {
      throw new IllegalArgumentException("rows of " + diag.total + " and " + off.total
          + " do not match the spec's " + spec.diagCount() + " and " + spec.offCount());
    }
    if (tally != null && (spec.method() != Method.LSD || spec.adaptiveBins() != tally.bins.bins())) {
      throw new IllegalArgumentException("adaptive gap bins are for lsd with loss.adaptive_bins "
          + tally.bins.bins() + ", not " + spec.method() + " with " + spec.adaptiveBins());
    }
    return new Objective(net, spec, faults, diag, off, tally);
  }

  /** Zeroes {@code grad}, then accumulates the whole objective's gradient for this batch into it. */
  public LossTerms compute(Batch batch, Gradient grad) {
    return compute(batch, grad, 1.0, true);
  }

  /**
   * Adds {@code scale} times this batch's gradient to {@code grad}, zeroed first when
   * {@code zero}: a late step's k batches each add 1/k of theirs ({@code train.late_batches}).
   * The terms returned are this batch's, unscaled; a scale of 1 gives the bits of
   * {@link #compute(Batch, Gradient)}.
   */
  public LossTerms compute(Batch batch, Gradient grad, double scale, boolean zero) {
    if (zero) {
      grad.zero();
    }
    double diag = 0;
    double off = 0;
    if (diagonal != null) {
      diag = diagWeight * diagonal.accumulate(batch.x0Diag, batch.x1Diag, batch.tDiag, batch.tDiag,
          null, diagWeight * scale, grad);
    }
    if (main != null) {
      off = offWeight * main.accumulate(batch.x0Off, batch.x1Off, batch.sOff, batch.tOff,
          batch.hOff, distillWeight * offWeight * scale, grad);
    }
    return new LossTerms(diag, off, term);
  }

  public String term() {
    return term;
  }
}

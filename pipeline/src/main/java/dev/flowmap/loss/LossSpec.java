package dev.flowmap.loss;

import dev.flowmap.model.FlowMapMlp;
import java.util.Objects;

/**
 * What an {@link Objective} computes: the method, its PSD residual form, the batch composition,
 * the whole batch's diagonal and off-diagonal counts, and the weight of the self-distillation
 * term's gradient ({@code loss.distill_weight}; the logged loss terms stay unweighted), and
 * LSD's frozen teacher ({@code loss.teacher}; null: the student's own current weights, as in
 * self-distillation), and the weight a of LSD's rows by their gap, 1 + a (t - s)
 * ({@code loss.gap_weight}; 0 = none), and the Huber threshold c of LSD's rows, both
 * terms ({@code loss.huber}; 0 = plain squares), and the adaptive gap bins K of LSD's rows
 * ({@code loss.adaptive_bins}, {@link GapBins}; 0 = none).
 */
public record LossSpec(Method method, PsdForm psdForm, Composition composition, int diagCount,
                       int offCount, double distillWeight, FlowMapMlp teacher, double gapWeight,
                       double huber, int adaptiveBins) {
  public LossSpec {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(psdForm, "psdForm");
    Objects.requireNonNull(composition, "composition");
    if (diagCount < 0 || offCount < 0) {
      throw new IllegalArgumentException("counts must be >= 0, were " + diagCount + " and " + offCount);
    }
    if (!(distillWeight > 0) || Double.isInfinite(distillWeight)) {
      throw new IllegalArgumentException("distill weight must be positive, was " + distillWeight);
    }
    if (teacher != null && method != Method.LSD) {
      throw new IllegalArgumentException("a frozen teacher is for lsd, not " + method);
    }
    if (!(gapWeight >= 0) || Double.isInfinite(gapWeight) || gapWeight > 0 && method != Method.LSD) {
      throw new IllegalArgumentException("gap weight must be finite, >= 0, and for lsd only, was "
          + gapWeight + " for " + method);
    }
    if (!(huber >= 0) || Double.isInfinite(huber) || huber > 0 && method != Method.LSD) {
      throw new IllegalArgumentException("huber scale must be finite, >= 0, and for lsd only, was "
          + huber + " for " + method);
    }
    if (adaptiveBins != 0 && (adaptiveBins < 2 || adaptiveBins > GapBins.MAX_BINS
        || method != Method.LSD || gapWeight > 0)) {
      throw new IllegalArgumentException("adaptive gap bins must be 0 or 2.." + GapBins.MAX_BINS
          + ", for lsd only and without a gap weight, were " + adaptiveBins + " for " + method
          + " with gap weight " + gapWeight);
    }
  }

  /** Without adaptive gap bins. */
  public LossSpec(Method method, PsdForm psdForm, Composition composition, int diagCount,
                  int offCount, double distillWeight, FlowMapMlp teacher, double gapWeight,
                  double huber) {
    this(method, psdForm, composition, diagCount, offCount, distillWeight, teacher, gapWeight, huber, 0);
  }

  /** Self-distillation: the teachers are the student's current weights. */
  public LossSpec(Method method, PsdForm psdForm, Composition composition, int diagCount,
                  int offCount, double distillWeight) {
    this(method, psdForm, composition, diagCount, offCount, distillWeight, null, 0, 0);
  }

  /** This spec with LSD's target taken from the frozen network {@code t} (null: self). */
  public LossSpec withTeacher(FlowMapMlp t) {
    return new LossSpec(method, psdForm, composition, diagCount, offCount, distillWeight, t, gapWeight, huber,
        adaptiveBins);
  }

  /** This spec with LSD's rows weighted by 1 + {@code a} (t - s). */
  public LossSpec withGapWeight(double a) {
    return new LossSpec(method, psdForm, composition, diagCount, offCount, distillWeight, teacher, a, huber,
        adaptiveBins);
  }

  /** This spec with LSD's rows, both terms, under the Huber loss of threshold {@code c} (0: plain squares). */
  public LossSpec withHuber(double c) {
    return new LossSpec(method, psdForm, composition, diagCount, offCount, distillWeight, teacher,
        gapWeight, c, adaptiveBins);
  }

  /** This spec with LSD's rows weighted by {@code k} adaptive gap bins (0: none). */
  public LossSpec withAdaptiveBins(int k) {
    return new LossSpec(method, psdForm, composition, diagCount, offCount, distillWeight, teacher,
        gapWeight, huber, k);
  }

  /** With the self-distillation term at weight 1. */
  public LossSpec(Method method, PsdForm psdForm, Composition composition, int diagCount, int offCount) {
    this(method, psdForm, composition, diagCount, offCount, 1.0);
  }

  /** The spec for a batch of {@code batch}, split as {@code method} and {@code composition} say. */
  public static LossSpec forBatch(Method method, PsdForm psdForm, Composition composition,
                                  double eta, int batch, double distillWeight) {
    return new LossSpec(method, psdForm, composition, method.diagCount(composition, eta, batch),
        method.offCount(composition, eta, batch), distillWeight);
  }
}

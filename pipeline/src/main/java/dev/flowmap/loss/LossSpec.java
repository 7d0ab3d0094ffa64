package dev.flowmap.loss;

import java.util.Objects;

/**
 * What an {@link Objective} computes: the method, its PSD residual form, the batch composition,
 * the whole batch's diagonal and off-diagonal counts, and the weight of the self-distillation
 * term's gradient ({@code loss.distill_weight}; the logged loss terms stay unweighted).
 */
public record LossSpec(Method method, PsdForm psdForm, Composition composition, int diagCount,
                       int offCount, double distillWeight) {
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

package dev.flowmap.config;

import java.util.List;

/**
 * The training objective and batch composition (YAML section {@code loss}).
 *
 * @param method      "lsd", "psd-m", "psd-u", "esd", or "fm" (diagonal flow matching only)
 * @param psdForm     PSD residual: "velocity" (the paper's code) or "position" (the seed's code)
 * @param composition "seed" (the seed's src/: eta*B diagonal plus B off-diagonal, two means),
 *                    "notebook" (the seed's notebook: round(eta*B) diagonal plus the rest of B
 *                    off-diagonal, two means) or "paper" (B in all, round(eta*B) diagonal, sum / B)
 * @param eta         diagonal share of the batch, in [0, 1]
 * @param times       off-diagonal time sampler: "seed" (t ~ U, s = U t) or "paper" (min/max of two U)
 * @param distillWeight multiplier of the self-distillation term in the gradient (1 = the seed's
 *                    and the paper's); the logged loss terms stay unweighted
 * @param gridPairs   share of the off-diagonal pairs drawn on the N-step sampling grid
 *                    (k/N, (k+1)/N), N in {1, 2, 4, 8, 16}, in [0, 1]; 0 = none (the seed)
 * @param gapWarmup   steps over which the largest gap t - s grows linearly from 0 (diagonal
 *                    only) to 1; 0 = no curriculum (the seed)
 */
public record LossConfig(String method, String psdForm, String composition, double eta, String times,
                         double distillWeight, double gridPairs, long gapWarmup) {
  /** The allowed values of {@code loss.method} and of each entry of {@code compare.methods}. */
  public static final List<String> METHODS = List.of("lsd", "psd-m", "psd-u", "esd", "fm");
  /** The allowed values of {@code loss.psd_form}. */
  public static final List<String> PSD_FORMS = List.of("velocity", "position");
  /** The allowed values of {@code loss.composition}. */
  public static final List<String> COMPOSITIONS = List.of("seed", "notebook", "paper");
  /** The allowed values of {@code loss.times}. */
  public static final List<String> TIME_SAMPLERS = List.of("seed", "paper");

  public LossConfig {
    Check.oneOf("loss.method", method, METHODS);
    Check.oneOf("loss.psd_form", psdForm, PSD_FORMS);
    Check.oneOf("loss.composition", composition, COMPOSITIONS);
    Check.unitClosed("loss.eta", eta);
    Check.oneOf("loss.times", times, TIME_SAMPLERS);
    Check.positive("loss.distill_weight", distillWeight);
    Check.unitClosed("loss.grid_pairs", gridPairs);
    Check.atLeast("loss.gap_warmup", gapWarmup, 0L);
  }

  /** Without grid pairs or a gap curriculum. */
  public LossConfig(String method, String psdForm, String composition, double eta, String times,
                    double distillWeight) {
    this(method, psdForm, composition, eta, times, distillWeight, 0, 0);
  }

  /** With the self-distillation term at weight 1. */
  public LossConfig(String method, String psdForm, String composition, double eta, String times) {
    this(method, psdForm, composition, eta, times, 1.0);
  }

  /** Where the off-diagonal time pairs go beyond the base sampler. */
  public dev.flowmap.data.PairSchedule pairs() {
    return new dev.flowmap.data.PairSchedule(gridPairs, gapWarmup);
  }

  /** The seed's objective: LSD with its batch composition and time sampler. */
  public static LossConfig defaults() {
    return new LossConfig("lsd", "position", "seed", 0.75, "seed");
  }
}

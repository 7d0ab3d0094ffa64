package dev.flowmap.config;

import dev.flowmap.data.PairSchedule;
import dev.flowmap.data.TimeSampler;
import dev.flowmap.loss.Composition;
import dev.flowmap.loss.LossSpec;
import dev.flowmap.loss.Method;
import dev.flowmap.loss.PsdForm;

/**
 * The training objective and batch composition (YAML section {@code loss}).
 *
 * @param method      lsd, psd-m, psd-u, esd, or fm (diagonal flow matching only)
 * @param psdForm     PSD residual: velocity (the paper's code) or position (the seed's code)
 * @param composition seed (the seed's src/: eta*B diagonal plus B off-diagonal, two means),
 *                    notebook (the seed's notebook: round(eta*B) diagonal plus the rest of B
 *                    off-diagonal, two means) or paper (B in all, round(eta*B) diagonal, sum / B)
 * @param eta         diagonal share of the batch, in [0, 1]
 * @param times       off-diagonal time sampler: seed (t ~ U, s = U t) or paper (min/max of two U)
 * @param distillWeight multiplier of the self-distillation term in the gradient (1 = the seed's
 *                    and the paper's); the logged loss terms stay unweighted
 * @param gridPairs   share of the off-diagonal pairs drawn on the N-step sampling grid
 *                    (k/N, (k+1)/N), N in {1, 2, 4, 8, 16}, in [0, 1]; 0 = none (the seed)
 * @param gapWarmup   steps over which the largest gap t - s grows linearly from 0 (diagonal
 *                    only) to 1; 0 = no curriculum (the seed)
 * @param teacher     a checkpoint file or run directory whose frozen diagonal velocity (its EMA
 *                    weights when it has them) is LSD's target instead of the student's own
 *                    (Lagrangian map distillation); "" = self-distillation (the seed). LSD only
 * @param gapWeight   a: LSD's squared residual of a pair is weighted by 1 + a (t - s) in the
 *                    gradient, so the long jumps count more; 0 = uniform (the seed). LSD only
 * @param huber       c: LSD's rows, both terms, under the Huber loss of threshold c; 0 = plain
 *                    squares (the seed). LSD only
 * @param adaptiveBins K: LSD's off-diagonal rows weighted by K adaptive bins of t - s, each bin
 *                    by the inverse of its moving mean squared residual ({@link
 *                    dev.flowmap.loss.GapBins}); 0 = none (the seed), else 2..64. LSD only, not
 *                    with gap_weight
 */
public record LossConfig(Method method, PsdForm psdForm, Composition composition, double eta,
                         TimeSampler times, double distillWeight, double gridPairs, long gapWarmup,
                         String teacher, double gapWeight, double huber, int adaptiveBins) {
  public LossConfig {
    Vocabulary.present("loss.method", Method.class, method);
    Vocabulary.present("loss.psd_form", PsdForm.class, psdForm);
    Vocabulary.present("loss.composition", Composition.class, composition);
    Check.unitClosed("loss.eta", eta);
    Vocabulary.present("loss.times", TimeSampler.class, times);
    Check.positive("loss.distill_weight", distillWeight);
    Check.unitClosed("loss.grid_pairs", gridPairs);
    Check.atLeast("loss.gap_warmup", gapWarmup, 0L);
    if (teacher == null) {
      throw new ConfigException("loss.teacher must be a checkpoint path or \"\" (none), got nothing");
    }
    Check.nonNegative("loss.gap_weight", gapWeight);
    if (gapWeight > 0 && method != Method.LSD) {
      throw new ConfigException("loss.gap_weight " + gapWeight + " is for loss.method lsd, got method "
          + method);
    }
    Check.nonNegative("loss.huber", huber);
    if (huber > 0 && method != Method.LSD) {
      throw new ConfigException("loss.huber " + huber + " is for loss.method lsd, got method " + method);
    }
    if (adaptiveBins != 0) {
      if (adaptiveBins < 2 || adaptiveBins > dev.flowmap.loss.GapBins.MAX_BINS) {
        throw new ConfigException("loss.adaptive_bins must be 0 (off) or in [2, "
            + dev.flowmap.loss.GapBins.MAX_BINS + "], got " + adaptiveBins);
      }
      if (method != Method.LSD) {
        throw new ConfigException("loss.adaptive_bins " + adaptiveBins + " is for loss.method lsd,"
            + " got method " + method);
      }
      if (gapWeight > 0) {
        throw new ConfigException("loss.adaptive_bins " + adaptiveBins + " and loss.gap_weight "
            + gapWeight + " both weight the rows by their gap: set one of them to 0");
      }
    }
    if (!teacher.isEmpty() && method != Method.LSD) {
      throw new ConfigException("loss.teacher " + Check.quote(teacher) + " is for loss.method lsd"
          + " (Lagrangian map distillation), got method " + method);
    }
  }

  /** Without adaptive gap bins. */
  public LossConfig(Method method, PsdForm psdForm, Composition composition, double eta,
                    TimeSampler times, double distillWeight, double gridPairs, long gapWarmup,
                    String teacher, double gapWeight, double huber) {
    this(method, psdForm, composition, eta, times, distillWeight, gridPairs, gapWarmup, teacher,
        gapWeight, huber, 0);
  }

  /** Without a teacher. */
  public LossConfig(Method method, PsdForm psdForm, Composition composition, double eta,
                    TimeSampler times, double distillWeight, double gridPairs, long gapWarmup) {
    this(method, psdForm, composition, eta, times, distillWeight, gridPairs, gapWarmup, "", 0, 0);
  }

  /** Without grid pairs or a gap curriculum. */
  public LossConfig(Method method, PsdForm psdForm, Composition composition, double eta,
                    TimeSampler times, double distillWeight) {
    this(method, psdForm, composition, eta, times, distillWeight, 0, 0);
  }

  /** With the self-distillation term at weight 1. */
  public LossConfig(Method method, PsdForm psdForm, Composition composition, double eta,
                    TimeSampler times) {
    this(method, psdForm, composition, eta, times, 1.0);
  }

  /** Where the off-diagonal time pairs go beyond the base sampler. */
  public PairSchedule pairs() {
    return new PairSchedule(gridPairs, gapWarmup);
  }

  /** The seed's objective: LSD with its batch composition and time sampler. */
  public static LossConfig defaults() {
    return new LossConfig(Method.LSD, PsdForm.POSITION, Composition.SEED, 0.75, TimeSampler.SEED);
  }

  /** This section with the method replaced. */
  public LossConfig withMethod(Method m) {
    return new LossConfig(m, psdForm, composition, eta, times, distillWeight, gridPairs, gapWarmup,
        m == Method.LSD ? teacher : "", m == Method.LSD ? gapWeight : 0, m == Method.LSD ? huber : 0,
        m == Method.LSD ? adaptiveBins : 0);
  }

  /** Whether LSD distills a frozen teacher ({@link #teacher}) rather than itself. */
  public boolean hasTeacher() {
    return !teacher.isEmpty();
  }

  /** What the objective computes on batches of {@code batch} samples. */
  public LossSpec spec(int batch) {
    return LossSpec.forBatch(method, psdForm, composition, eta, batch, distillWeight)
        .withGapWeight(gapWeight).withHuber(huber).withAdaptiveBins(adaptiveBins);
  }
}

package dev.flowmap.config;

import dev.flowmap.optim.OptimizerKind;
import dev.flowmap.optim.ScheduleKind;

/**
 * The optimizer, learning-rate schedule, clipping and EMA (YAML section {@code optim}).
 *
 * @param name        adam, adamw (decoupled weight decay) or radam
 * @param lr          base learning rate
 * @param beta1       first-moment decay, in [0, 1)
 * @param beta2       second-moment decay, in [0, 1)
 * @param eps         denominator guard, > 0
 * @param weightDecay weight decay, >= 0 (decoupled for adamw, L2 for adam and radam)
 * @param clip        global gradient-norm clip; 0 turns clipping off
 * @param schedule    constant, sqrt (lr / sqrt(max(step / decay_steps, 1))) or cosine
 * @param warmup      linear warm-up steps before the schedule; 0 for none
 * @param decaySteps  the schedule's time scale: sqrt's decay_steps, cosine's period
 * @param ema         EMA decay of the weights; 0 turns the EMA off
 * @param rollbackNorm a step whose gradient norm before clipping exceeds this, or whose loss or
 *                    gradient is not finite, is not applied: the weights, the optimizer's moments
 *                    and the EMA go back to the last checkpoint's and the learning rate is halved
 *                    for the rest of the run; 0 turns this off (a non-finite step then ends the run)
 */
public record OptimConfig(OptimizerKind name, double lr, double beta1, double beta2, double eps,
                          double weightDecay, double clip, ScheduleKind schedule, long warmup,
                          long decaySteps, double ema, double rollbackNorm) {

  /** Without rollbacks ({@code rollback_norm: 0}). */
  public OptimConfig(OptimizerKind name, double lr, double beta1, double beta2, double eps,
                     double weightDecay, double clip, ScheduleKind schedule, long warmup,
                     long decaySteps, double ema) {
    this(name, lr, beta1, beta2, eps, weightDecay, clip, schedule, warmup, decaySteps, ema, 0.0);
  }

  public OptimConfig {
    Vocabulary.present("optim.name", OptimizerKind.class, name);
    Check.positive("optim.lr", lr);
    Check.unitHalfOpen("optim.beta1", beta1);
    Check.unitHalfOpen("optim.beta2", beta2);
    Check.positive("optim.eps", eps);
    Check.nonNegative("optim.weight_decay", weightDecay);
    Check.nonNegative("optim.clip", clip);
    Vocabulary.present("optim.schedule", ScheduleKind.class, schedule);
    Check.atLeast("optim.warmup", warmup, 0L);
    Check.atLeast("optim.decay_steps", decaySteps, 1L);
    Check.unitHalfOpen("optim.ema", ema);
    Check.nonNegative("optim.rollback_norm", rollbackNorm);
  }

  /** The seed's optimizer: AdamW, lr 2e-4, weight decay 1e-4, constant rate, no clip, no EMA. */
  public static OptimConfig defaults() {
    return new OptimConfig(OptimizerKind.ADAMW, 2e-4, 0.9, 0.999, 1e-8, 1e-4, 0.0, ScheduleKind.CONSTANT, 0L,
        1000L, 0.0);
  }

  /** Whether gradient clipping is on. */
  public boolean clipping() {
    return clip > 0;
  }

  /** Whether a spike in the gradient norm rolls the run back ({@code rollback_norm > 0}). */
  public boolean rollbacks() {
    return rollbackNorm > 0;
  }

  /** Whether an EMA of the weights is kept. */
  public boolean emaEnabled() {
    return ema > 0;
  }
}

package dev.flowmap.optim;

/** Learning rate as a function of the 1-based step. */
public interface LrSchedule {

  /** The learning rate to use at this 1-based step. */
  double lr(long step);

  /**
   * Linear warmup (baseLr * step / warmup while step <= warmup), then constant, sqrt
   * (baseLr / sqrt(max(step / decaySteps, 1)), the paper's) or cosine (baseLr * (1 + cos(pi p)) / 2
   * with p = (step - warmup) / (totalSteps - warmup) clamped to [0, 1]).
   *
   * @throws IllegalArgumentException for an unknown name or a bad step count
   */
  static LrSchedule of(String name, double baseLr, long warmup, long decaySteps, long totalSteps) {
    return WarmupSchedule.of(name, baseLr, warmup, decaySteps, totalSteps);
  }
}

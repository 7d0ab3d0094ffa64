package dev.flowmap.optim;

/**
 * The learning-rate schedules a config names ({@code optim.schedule}): what follows a linear
 * warmup (baseLr * step / warmup while step <= warmup). Each kind builds its {@link LrSchedule}.
 */
public enum ScheduleKind {
  /** baseLr. */
  CONSTANT("constant"),
  /** baseLr / sqrt(max(step / decaySteps, 1)), the paper's. */
  SQRT("sqrt"),
  /**
   * baseLr * (1 + cos(pi p)) / 2 with p = (step - warmup) / (totalSteps - warmup) clamped to
   * [0, 1].
   */
  COSINE("cosine");

  private final String id;

  ScheduleKind(String id) {
    this.id = id;
  }

  /** The name in configs and messages. */
  @Override
  public String toString() {
    return id;
  }

  /**
   * This schedule after a linear warmup of {@code warmup} steps.
   *
   * @throws IllegalArgumentException for a bad rate or step count
   */
  public LrSchedule schedule(double baseLr, long warmup, long decaySteps, long totalSteps) {
    return new WarmupSchedule(this, baseLr, warmup, decaySteps, totalSteps);
  }
}

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
   * Whether this schedule can run {@code totalSteps} steps after a warmup of {@code warmup}: cosine
   * needs more total steps than warmup steps (its progress divides by their difference); the
   * others run any count. The one owner of the rule: the schedule's own check and the step budget
   * both ask here, each with its own message.
   */
  public boolean admits(long warmup, long totalSteps) {
    return this != COSINE || totalSteps > warmup;
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

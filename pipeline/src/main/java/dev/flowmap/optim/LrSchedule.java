package dev.flowmap.optim;

/** Learning rate as a function of the 1-based step (see {@link ScheduleKind#schedule}). */
public interface LrSchedule {

  /** The learning rate to use at this 1-based step. */
  double lr(long step);
}

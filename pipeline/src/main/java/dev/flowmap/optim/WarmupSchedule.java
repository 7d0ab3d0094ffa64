package dev.flowmap.optim;

/** The schedules of {@link ScheduleKind#schedule}: a linear warmup followed by a decay shape. */
record WarmupSchedule(ScheduleKind shape, double baseLr, long warmup, long decaySteps,
    long totalSteps) implements LrSchedule {

  WarmupSchedule {
    if (!(baseLr >= 0) || Double.isInfinite(baseLr)) {
      throw new IllegalArgumentException("learning rate must be finite and >= 0, was " + baseLr);
    }
    if (warmup < 0) {
      throw new IllegalArgumentException("warmup steps must be >= 0, was " + warmup);
    }
    if (shape == ScheduleKind.SQRT && decaySteps < 1) {
      throw new IllegalArgumentException("sqrt schedule needs decay steps >= 1, was " + decaySteps);
    }
    if (!shape.admits(warmup, totalSteps)) {
      throw new IllegalArgumentException(shape + " schedule needs total steps (" + totalSteps
          + ") > warmup steps (" + warmup + ")");
    }
  }

  @Override
  public double lr(long step) {
    if (warmup > 0 && step <= warmup) {
      return baseLr * step / warmup;
    }
    return switch (shape) {
      case CONSTANT -> baseLr;
      case SQRT -> baseLr / Math.sqrt(Math.max((double) step / decaySteps, 1));
      case COSINE -> {
        double progress = Math.min(1, Math.max(0, (double) (step - warmup) / (totalSteps - warmup)));
        yield baseLr * 0.5 * (1 + Math.cos(Math.PI * progress));
      }
    };
  }
}

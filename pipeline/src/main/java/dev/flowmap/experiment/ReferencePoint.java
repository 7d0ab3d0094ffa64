package dev.flowmap.experiment;

/**
 * A result from outside flowmap, such as another stack's run, shown beside a sweep's runs: its
 * one-step KL after {@code minutes} of wall clock.
 */
public record ReferencePoint(String label, double minutes, double kl) {
  /** Checks the values; the message names the bad one. */
  public ReferencePoint {
    if (label == null || label.isBlank()) {
      throw new IllegalArgumentException("the label is empty");
    }
    if (!(Double.isFinite(minutes) && minutes >= 0)) {
      throw new IllegalArgumentException("minutes must be a finite number >= 0, got " + minutes);
    }
    if (!(Double.isFinite(kl) && kl > 0)) {
      throw new IllegalArgumentException("KL must be a finite number > 0, got " + kl);
    }
  }
}

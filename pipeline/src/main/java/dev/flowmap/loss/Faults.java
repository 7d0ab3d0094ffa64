package dev.flowmap.loss;

/**
 * Deliberate breaks of the production loss terms, so that a test can show a broken objective
 * failing through the real training path rather than through a copy of the math; all off unless a
 * test in this package turns one on (and back off) around the run it breaks.
 */
final class Faults {
  /** When true, LSD terms built from now on add the teacher velocity v_{t,t}(X) instead of subtracting it. */
  static volatile boolean flipLsdTeacherSign;

  private Faults() {}
}

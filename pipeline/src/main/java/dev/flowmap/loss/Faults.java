package dev.flowmap.loss;

/**
 * Deliberate breaks of the production loss terms, so that a test can show a broken objective
 * failing through the real training path rather than through a copy of the math. The compute
 * context carries them; outside tests they are {@link #NONE}.
 *
 * @param flipLsdTeacherSign LSD terms add the teacher velocity v_{t,t}(X) instead of subtracting it
 */
public record Faults(boolean flipLsdTeacherSign) {
  /** No fault: the production objective. */
  public static final Faults NONE = new Faults(false);
}

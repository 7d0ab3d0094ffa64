package dev.flowmap.loss;

/** The residual of progressive self-distillation (docs/method.md "The losses"). */
public enum PsdForm {
  /** On velocities, as in the paper's code. */
  VELOCITY("velocity"),
  /** On positions X_{s,t}, as in the seed's code: (t - s)^2 times the velocity form. */
  POSITION("position");

  private final String id;

  PsdForm(String id) {
    this.id = id;
  }

  /** The name in configs and messages. */
  @Override
  public String toString() {
    return id;
  }
}

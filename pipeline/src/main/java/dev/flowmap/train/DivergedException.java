package dev.flowmap.train;

/** The loss or the gradient stopped being a finite number; the step was not applied. */
public final class DivergedException extends RuntimeException {
  /** The exit status of a command whose run diverged (what {@code sweep} reads from a child JVM). */
  public static final int EXIT_CODE = 3;

  public DivergedException(long step, double loss, double gradNorm) {
    super(String.format("training diverged at step %d: loss %s, gradient norm %s (the step was not"
        + " applied; try a lower optim.lr or optim.clip > 0)", step, loss, gradNorm));
  }
}

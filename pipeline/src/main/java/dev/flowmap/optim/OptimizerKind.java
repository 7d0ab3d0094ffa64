package dev.flowmap.optim;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * The optimizers a config names ({@code optim.name}), each building its own {@link Optimizer}:
 * the entry point for the training stage.
 */
public enum OptimizerKind {
  /** Adam, weight decay as L2 added to the gradient (torch.optim.Adam). */
  ADAM("adam"),
  /** AdamW, decoupled weight decay (torch.optim.AdamW). */
  ADAMW("adamw"),
  /** RAdam, Adam with the variance of the adaptive rate rectified (torch.optim.RAdam). */
  RADAM("radam");

  private final String id;

  OptimizerKind(String id) {
    this.id = id;
  }

  /** The name in configs and messages. */
  @Override
  public String toString() {
    return id;
  }

  /**
   * Creates this optimizer for a flat parameter vector of the given size and dtype.
   *
   * @throws IllegalArgumentException for a hyperparameter out of range
   */
  public Optimizer create(long size, DataType dtype, double beta1, double beta2, double eps,
      double weightDecay) {
    requireIn("beta1", beta1, 0, 1);
    requireIn("beta2", beta2, 0, 1);
    if (!(eps >= 0)) {
      throw new IllegalArgumentException("eps must be >= 0, was " + eps);
    }
    if (!(weightDecay >= 0)) {
      throw new IllegalArgumentException("weight decay must be >= 0, was " + weightDecay);
    }
    return switch (this) {
      case ADAM -> new Adam(size, dtype, beta1, beta2, eps, weightDecay, false);
      case ADAMW -> new Adam(size, dtype, beta1, beta2, eps, weightDecay, true);
      case RADAM -> new RAdam(size, dtype, beta1, beta2, eps, weightDecay);
    };
  }

  private static void requireIn(String what, double value, double fromInclusive, double toExclusive) {
    if (!(value >= fromInclusive && value < toExclusive)) {
      throw new IllegalArgumentException(
          what + " must be in [" + fromInclusive + ", " + toExclusive + "), was " + value);
    }
  }
}

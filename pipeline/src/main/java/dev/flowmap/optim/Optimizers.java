package dev.flowmap.optim;

import org.nd4j.linalg.api.buffer.DataType;

/** Builds an {@link Optimizer} by name, the entry point for the training stage. */
public final class Optimizers {

  private Optimizers() {}

  /**
   * Creates adam, adamw or radam for a flat parameter vector of the given size and dtype.
   *
   * @throws IllegalArgumentException for an unknown name or a hyperparameter out of range
   */
  public static Optimizer create(String name, long size, DataType dtype, double beta1,
      double beta2, double eps, double weightDecay) {
    requireIn("beta1", beta1, 0, 1);
    requireIn("beta2", beta2, 0, 1);
    if (!(eps >= 0)) {
      throw new IllegalArgumentException("eps must be >= 0, was " + eps);
    }
    if (!(weightDecay >= 0)) {
      throw new IllegalArgumentException("weight decay must be >= 0, was " + weightDecay);
    }
    return switch (String.valueOf(name)) {
      case "adam" -> new Adam(size, dtype, beta1, beta2, eps, weightDecay, false);
      case "adamw" -> new Adam(size, dtype, beta1, beta2, eps, weightDecay, true);
      case "radam" -> new RAdam(size, dtype, beta1, beta2, eps, weightDecay);
      default -> throw new IllegalArgumentException(
          "unknown optimizer '" + name + "', expected adam, adamw or radam");
    };
  }

  private static void requireIn(String what, double value, double fromInclusive, double toExclusive) {
    if (!(value >= fromInclusive && value < toExclusive)) {
      throw new IllegalArgumentException(
          what + " must be in [" + fromInclusive + ", " + toExclusive + "), was " + value);
    }
  }
}

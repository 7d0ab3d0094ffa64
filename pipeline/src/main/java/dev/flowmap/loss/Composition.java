package dev.flowmap.loss;

/**
 * How a batch of B splits into diagonal and off-diagonal samples, and how the two terms are
 * weighted (docs/method.md "Batches").
 */
public enum Composition {
  /** The seed's src/: round(eta B) diagonal plus B off-diagonal, the mean of each group. */
  SEED("seed"),
  /** The seed's notebook: round(eta B) diagonal plus the rest of B off-diagonal, two means. */
  NOTEBOOK("notebook"),
  /** The paper: round(eta B) diagonal plus the rest of B, squared norms summed and divided by B. */
  PAPER("paper");

  private final String id;

  Composition(String id) {
    this.id = id;
  }

  /** The name in configs and messages. */
  @Override
  public String toString() {
    return id;
  }

  /** Diagonal samples: round(eta B). */
  public int diagCount(double eta, int batch) {
    return (int) Math.round(eta * batch);
  }

  /** Off-diagonal samples: B for the seed's composition, B - round(eta B) for the others. */
  public int offCount(double eta, int batch) {
    return this == SEED ? batch : batch - diagCount(eta, batch);
  }

  /** Whether both terms sum over the whole batch and divide by B, rather than take two means. */
  boolean sumsOverBatch() {
    return this == PAPER;
  }
}

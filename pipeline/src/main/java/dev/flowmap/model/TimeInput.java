package dev.flowmap.model;

/**
 * How the network reads the times s and t ({@code model.time_features}). The tangents along s and
 * t go through whatever is chosen, so LSD's and ESD's exact time derivatives stay exact.
 */
public enum TimeInput {
  /** The raw s and t (the seed). */
  NONE("none"),
  /** s and the gap t - s in place of t: a long jump and a short one look different at any s. */
  GAP("gap"),
  /**
   * The raw s and t, and sin(w_j s), cos(w_j s), sin(w_j t), cos(w_j t) at the fixed octaves
   * w_j = 2^j pi, j = 0..K-1 ({@code model.time_frequencies}): 4K more inputs.
   */
  FOURIER("fourier");

  private final String id;

  TimeInput(String id) {
    this.id = id;
  }

  /** The name in configs and messages. */
  @Override
  public String toString() {
    return id;
  }
}

package dev.flowmap.data;

/** How an off-diagonal sample draws its times 0 <= s <= t <= 1 (docs/method.md "Batches"). */
public enum TimeSampler {
  /** The seed's: t ~ U[0, 1], then s = U t. */
  SEED("seed"),
  /** The paper's: s and t the min and max of two uniforms. */
  PAPER("paper");

  private final String id;

  TimeSampler(String id) {
    this.id = id;
  }

  /** The name in configs and messages. */
  @Override
  public String toString() {
    return id;
  }

  /** Draws (s, t) from {@code rng} into {@code s[i]} and {@code t[i]}. */
  void draw(Rng rng, float[] s, float[] t, int i) {
    double from;
    double to;
    if (this == PAPER) {
      double a = rng.nextDouble();
      double c = rng.nextDouble();
      from = Math.min(a, c);
      to = Math.max(a, c);
    } else {
      to = rng.nextDouble();
      from = rng.nextDouble() * to;
    }
    s[i] = (float) from;
    t[i] = (float) to;
  }
}

package dev.flowmap.sample;

/**
 * How N steps move a sample from t = 0 to t = 1 on the uniform grid t_k = k / N: by jumping with
 * the learned map, or (for a plain flow-matching model) by integrating its velocity
 * b_t(x) = v_{t,t}(x) with Euler or Heun steps.
 */
public enum Integrator {
  /** x <- X_{t_k, t_{k+1}}(x). */
  MAP,
  /** x <- x + dt b_{t_k}(x). */
  EULER,
  /** x' = x + dt b_{t_k}(x); x <- x + dt/2 (b_{t_k}(x) + b_{t_{k+1}}(x')). */
  HEUN;

  /** The name in configs, on the command line ({@code --integrate}) and in JSON. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Parses a config name: map, euler or heun. */
  public static Integrator of(String name) {
    return switch (name) {
      case "map" -> MAP;
      case "euler" -> EULER;
      case "heun" -> HEUN;
      default -> throw new IllegalArgumentException("unknown sampler '" + name + "'");
    };
  }
}

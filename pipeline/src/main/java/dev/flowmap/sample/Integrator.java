package dev.flowmap.sample;

/**
 * How N steps move a sample from t = 0 to t = 1 on the uniform grid t_k = k / N: by jumping with
 * the learned map, or (for a plain flow-matching model) by integrating its velocity
 * b_t(x) = v_{t,t}(x) with Euler or Heun steps.
 */
public enum Integrator {
  /** x <- X_{t_k, t_{k+1}}(x). */
  MAP("map"),
  /** x <- x + dt b_{t_k}(x). */
  EULER("euler"),
  /** x' = x + dt b_{t_k}(x); x <- x + dt/2 (b_{t_k}(x) + b_{t_{k+1}}(x')). */
  HEUN("heun");

  private final String id;

  Integrator(String id) {
    this.id = id;
  }

  /** The name in configs ({@code eval.sampler}) and messages. */
  @Override
  public String toString() {
    return id;
  }
}

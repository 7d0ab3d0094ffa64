package dev.flowmap.sample;

/** Generates N-step samples of a flow map; implementations are thread-safe. */
public interface SampleGenerator {
  /**
   * Fills {@code xy[0 .. 2*count)} with interleaved (x, y) samples made by composing the map over
   * {@code steps} uniform steps, all from one consistent set of weights.
   *
   * @param ema  use the EMA weights (falls back to the raw weights when there is no EMA)
   * @param seed fixes the base noise, so the same call gives the same samples
   */
  default void generate(int steps, boolean ema, long seed, int count, float[] xy) {
    generate(null, steps, ema, seed, count, xy);
  }

  /**
   * As {@link #generate(int, boolean, long, int, float[])}, but moving the samples with {@code how}:
   * composing the map, or integrating the diagonal velocity v_{t,t} (Euler or Heun) in
   * {@code steps} ODE steps; null takes the generator's own integrator. The same seed gives the
   * same base noise whatever {@code how} is.
   */
  void generate(Integrator how, int steps, boolean ema, long seed, int count, float[] xy);
}

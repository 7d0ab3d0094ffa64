package dev.flowmap.config;

import dev.flowmap.sample.EmaOrRaw;
import dev.flowmap.sample.FlowMapSampler;
import dev.flowmap.sample.Integrator;
import java.util.List;

/**
 * The final evaluation (YAML section {@code eval}).
 *
 * @param steps   the numbers of sampling steps N to score, each in [1, 1024], no repeats
 * @param samples samples per N in the final evaluation (and for its KL floor): n target and n
 *                generated samples, 100,000 as in the seed's notebook (floor about 0.0115)
 * @param bins    histogram bins per axis on [-2.5, 2.5] for the KL, in [2, 1000]; the seed's
 *                notebook uses 60 (its published table)
 * @param weights ema (the EMA weights when optim.ema > 0, else the raw ones) or raw
 * @param sampler map (N flow-map jumps), or euler / heun on the diagonal velocity v_{t,t}
 */
public record EvalConfig(List<Integer> steps, int samples, int bins, EmaOrRaw weights,
                         Integrator sampler) {
  public EvalConfig {
    steps = Check.distinctList("eval.steps", steps);
    for (int i = 0; i < steps.size(); i++) {
      Check.inRange("eval.steps[" + i + "]", steps.get(i), 1, FlowMapSampler.MAX_STEPS);
    }
    Check.atLeast("eval.samples", samples, 1000);
    Check.inRange("eval.bins", bins, 2, 1000);
    Vocabulary.present("eval.weights", EmaOrRaw.class, weights);
    Vocabulary.present("eval.sampler", Integrator.class, sampler);
  }

  /** The seed notebook's evaluation: N = 1, 2, 4, 8, 16 on 100,000 samples each, 60 bins, by flow-map jumps. */
  public static EvalConfig defaults() {
    return new EvalConfig(List.of(1, 2, 4, 8, 16), 100_000, 60, EmaOrRaw.EMA, Integrator.MAP);
  }

  /** This evaluation with the numbers of steps N replaced. */
  public EvalConfig withSteps(List<Integer> n) {
    return new EvalConfig(n, samples, bins, weights, sampler);
  }

  /** This evaluation with the samples per N replaced. */
  public EvalConfig withSamples(int n) {
    return new EvalConfig(steps, n, bins, weights, sampler);
  }

  /** This evaluation with the histogram bins per axis replaced. */
  public EvalConfig withBins(int n) {
    return new EvalConfig(steps, samples, n, weights, sampler);
  }

  /** This evaluation with the way N steps are taken replaced. */
  public EvalConfig withSampler(Integrator how) {
    return new EvalConfig(steps, samples, bins, weights, how);
  }
}

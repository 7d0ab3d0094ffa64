package dev.flowmap.cli;

import dev.flowmap.sample.EmaOrRaw;
import dev.flowmap.sample.FlowMapSampler;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --steps}, {@code --weights}, {@code --seed}: what sample and publish generate. */
final class GenerationOptions {
  @Option(names = "--steps", defaultValue = "1",
      description = "steps N of generation, 1.." + FlowMapSampler.MAX_STEPS + ", default ${DEFAULT-VALUE}")
  int steps;

  @Mixin
  WeightsOption weights;

  @Option(names = "--seed", defaultValue = "0",
      description = "seed of the generated samples, default ${DEFAULT-VALUE}")
  long seed;

  /** Checks {@code --steps} and {@code --weights}; returns the weights asked for. */
  EmaOrRaw validate(CommandSpec spec) {
    Args.check(spec, steps >= 1 && steps <= FlowMapSampler.MAX_STEPS, "--steps", steps,
        "must be in 1.." + FlowMapSampler.MAX_STEPS);
    return weights.validate(spec);
  }
}

package dev.flowmap.cli;

import dev.flowmap.config.Vocabulary;
import dev.flowmap.sample.EmaOrRaw;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --weights ema|raw}: which of a checkpoint's weights eval, sample and publish use. */
final class WeightsOption {
  @Option(names = "--weights", defaultValue = "ema", description = "ema or raw, default ${DEFAULT-VALUE}")
  String weights;

  /** The weights asked for; a name that is neither is a parameter error naming it. */
  EmaOrRaw validate(CommandSpec spec) {
    EmaOrRaw which = Vocabulary.find(EmaOrRaw.class, weights);
    Args.check(spec, which != null, "--weights", weights, "must be ema or raw");
    return which;
  }
}

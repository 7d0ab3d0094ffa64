package dev.flowmap.config;

import java.util.List;

/**
 * The methods a comparison run trains, one after another, with the rest of the config shared
 * (YAML section {@code compare}).
 *
 * @param methods loss methods (see {@link LossConfig#METHODS}), non-empty, no repeats
 */
public record CompareConfig(List<String> methods) {
  public CompareConfig {
    methods = Check.distinctList("compare.methods", methods);
    for (int i = 0; i < methods.size(); i++) {
      Check.oneOf("compare.methods[" + i + "]", methods.get(i), LossConfig.METHODS);
    }
  }

  /** LSD against midpoint PSD, the seed's comparison. */
  public static CompareConfig defaults() {
    return new CompareConfig(List.of("lsd", "psd-m"));
  }
}

package dev.flowmap.config;

import dev.flowmap.loss.Method;
import java.util.List;

/**
 * The methods a comparison run trains, one after another, with the rest of the config shared
 * (YAML section {@code compare}).
 *
 * @param methods loss methods, non-empty, no repeats
 */
public record CompareConfig(List<Method> methods) {
  public CompareConfig {
    methods = Check.distinctList("compare.methods", methods);
  }

  /** LSD against midpoint PSD, the seed's comparison. */
  public static CompareConfig defaults() {
    return new CompareConfig(List.of(Method.LSD, Method.PSD_M));
  }
}

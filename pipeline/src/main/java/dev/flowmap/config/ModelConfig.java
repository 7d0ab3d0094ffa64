package dev.flowmap.config;

import java.util.List;

/**
 * The MLP flow map v_{s,t}(x) (YAML section {@code model}).
 *
 * @param width      units per hidden layer
 * @param depth      number of hidden layers
 * @param activation "silu" (the seed) or "gelu" (the paper)
 */
public record ModelConfig(int width, int depth, String activation) {
  /** The allowed values of {@code model.activation}. */
  public static final List<String> ACTIVATIONS = List.of("silu", "gelu");

  public ModelConfig {
    Check.inRange("model.width", width, 1, 8192);
    Check.inRange("model.depth", depth, 1, 64);
    Check.oneOf("model.activation", activation, ACTIVATIONS);
  }

  /** The seed's network: 4 hidden layers of 256 SiLU units. */
  public static ModelConfig defaults() {
    return new ModelConfig(256, 4, "silu");
  }
}

package dev.flowmap.config;

import java.util.List;

/**
 * The MLP flow map v_{s,t}(x) (YAML section {@code model}).
 *
 * @param width      units per hidden layer
 * @param depth      number of hidden layers
 * @param activation "silu" (the seed) or "gelu" (the paper)
 * @param fourier    K, the number of fixed random Fourier frequencies of x fed to the network as
 *                   sin(2 pi B x) and cos(2 pi B x) (2K inputs more), in [0, 256]; 0 = none (the seed)
 * @param fourierScale the std of B's entries (frequencies per unit of x), > 0; B is drawn from the
 *                   run's seed and saved in the checkpoint
 */
public record ModelConfig(int width, int depth, String activation, int fourier, double fourierScale) {
  /** The allowed values of {@code model.activation}. */
  public static final List<String> ACTIVATIONS = List.of("silu", "gelu");

  public ModelConfig {
    Check.inRange("model.width", width, 1, 8192);
    Check.inRange("model.depth", depth, 1, 64);
    Check.oneOf("model.activation", activation, ACTIVATIONS);
    Check.inRange("model.fourier", fourier, 0, 256);
    Check.positive("model.fourier_scale", fourierScale);
  }

  /** Without Fourier features. */
  public ModelConfig(int width, int depth, String activation) {
    this(width, depth, activation, 0, 1.0);
  }

  /** The seed's network: 4 hidden layers of 256 SiLU units. */
  public static ModelConfig defaults() {
    return new ModelConfig(256, 4, "silu");
  }
}

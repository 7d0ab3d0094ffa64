package dev.flowmap.config;

import dev.flowmap.model.Activation;
import dev.flowmap.model.TimeInput;

/**
 * The MLP flow map v_{s,t}(x) (YAML section {@code model}).
 *
 * @param width      units per hidden layer
 * @param depth      number of hidden layers
 * @param activation silu (the seed) or gelu (the paper)
 * @param fourier    K, the number of fixed random Fourier frequencies of x fed to the network as
 *                   sin(2 pi B x) and cos(2 pi B x) (2K inputs more), in [0, 256]; 0 = none (the seed)
 * @param fourierScale the std of B's entries (frequencies per unit of x), > 0; B is drawn from the
 *                   run's seed and saved in the checkpoint
 * @param timeFeatures how the network reads s and t: none (raw, the seed), gap (s and t - s) or
 *                   fourier (raw, plus sin and cos of s and t at the octaves 2^j pi)
 * @param timeFrequencies K_t, the octaves of {@code fourier} time features (4 K_t more inputs),
 *                   in [1, 16]; unused otherwise
 */
public record ModelConfig(int width, int depth, Activation activation, int fourier,
                          double fourierScale, TimeInput timeFeatures, int timeFrequencies) {
  public ModelConfig {
    Check.inRange("model.width", width, 1, 8192);
    Check.inRange("model.depth", depth, 1, 64);
    Vocabulary.present("model.activation", Activation.class, activation);
    Check.inRange("model.fourier", fourier, 0, 256);
    Check.positive("model.fourier_scale", fourierScale);
    Vocabulary.present("model.time_features", TimeInput.class, timeFeatures);
    Check.inRange("model.time_frequencies", timeFrequencies, 1, 16);
  }

  /** With the raw times. */
  public ModelConfig(int width, int depth, Activation activation, int fourier, double fourierScale) {
    this(width, depth, activation, fourier, fourierScale, TimeInput.NONE, 4);
  }

  /** Without Fourier features. */
  public ModelConfig(int width, int depth, Activation activation) {
    this(width, depth, activation, 0, 1.0);
  }

  /** The seed's network: 4 hidden layers of 256 SiLU units. */
  public static ModelConfig defaults() {
    return new ModelConfig(256, 4, Activation.SILU);
  }
}

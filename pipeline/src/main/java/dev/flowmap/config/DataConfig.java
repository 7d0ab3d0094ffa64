package dev.flowmap.config;

import dev.flowmap.data.Scale;

/**
 * The target and base distributions (YAML section {@code data}).
 *
 * @param cells    squares per side of the checkerboard grid; even, so the kept squares tile evenly
 * @param cellSize side of one square
 * @param sigma    standard deviation of the Gaussian base x0 ~ N(0, sigma^2 I)
 * @param scale    none (the seed) or data_std (the paper: sigma = data std, network sees x / sigma)
 */
public record DataConfig(int cells, double cellSize, double sigma, Scale scale) {
  public DataConfig {
    Check.atLeast("data.cells", cells, 2);
    if (cells % 2 != 0) {
      throw new ConfigException("data.cells must be even, got " + cells);
    }
    Check.positive("data.cell_size", cellSize);
    Check.positive("data.sigma", sigma);
    Vocabulary.present("data.scale", Scale.class, scale);
  }

  /** The seed's data: a 4 x 4 board of unit squares and a standard normal base. */
  public static DataConfig defaults() {
    return new DataConfig(4, 1.0, 1.0, Scale.NONE);
  }
}

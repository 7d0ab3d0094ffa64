package dev.flowmap.config;

import java.util.List;

/**
 * The target and base distributions (YAML section {@code data}).
 *
 * @param cells    squares per side of the checkerboard grid; even, so the kept squares tile evenly
 * @param cellSize side of one square
 * @param sigma    standard deviation of the Gaussian base x0 ~ N(0, sigma^2 I)
 * @param scale    "none" (the seed) or "data_std" (the paper: sigma = data std, network sees x / sigma)
 */
public record DataConfig(int cells, double cellSize, double sigma, String scale) {
  /** The allowed values of {@code data.scale}. */
  public static final List<String> SCALES = List.of("none", "data_std");

  public DataConfig {
    Check.atLeast("data.cells", cells, 2);
    if (cells % 2 != 0) {
      throw new ConfigException("data.cells must be even, got " + cells);
    }
    Check.positive("data.cell_size", cellSize);
    Check.positive("data.sigma", sigma);
    Check.oneOf("data.scale", scale, SCALES);
  }

  /** The seed's data: a 4 x 4 board of unit squares and a standard normal base. */
  public static DataConfig defaults() {
    return new DataConfig(4, 1.0, 1.0, "none");
  }
}

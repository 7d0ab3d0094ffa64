package dev.flowmap.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmap.data.Checkerboard;
import dev.flowmap.data.Rng;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FiguresTest {
  @TempDir Path dir;

  private static float[] target(int n, long seed) {
    float[] xy = new float[2 * n];
    new Checkerboard(4, 1.0).sample(new Rng(seed), xy, 0, n);
    return xy;
  }

  private static BufferedImage read(Path png) throws Exception {
    assertThat(Files.size(png)).isPositive();
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).isNotNull();
    return image;
  }

  /** Pixels that are clearly blue (the marker colour), as opposed to white, grey or black. */
  private static int bluePixels(BufferedImage image) {
    int count = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int b = rgb & 0xff;
        if (b - r > 40) {
          count++;
        }
      }
    }
    return count;
  }

  @Test
  void scatterWritesAReadablePngWithTheMarkersDrawn() throws Exception {
    Path full = dir.resolve("target.png");
    Path empty = dir.resolve("empty.png");
    Figures.scatter(full, "Target", target(3000, 1), 3000);
    Figures.scatter(empty, "Nothing", new float[0], 0);
    BufferedImage image = read(full);
    assertThat(image.getWidth()).isEqualTo(Figures.SCATTER_WIDTH);
    assertThat(image.getHeight()).isEqualTo(Figures.SCATTER_HEIGHT);
    assertThat(bluePixels(read(empty))).isZero();
    assertThat(bluePixels(image)).isGreaterThan(3000);
  }

  @Test
  void samplesGridHasOnePanelPerMethodAndN() throws Exception {
    List<Integer> steps = List.of(1, 2, 4);
    List<float[]> row = List.of(target(500, 1), target(500, 2), target(500, 3));
    List<float[]> blank = List.of(new float[1000], new float[1000], new float[1000]);
    Path png = dir.resolve("grid.png");
    Figures.samplesGrid(png, List.of("lsd", "psd"), steps, List.of(row, blank), 500);
    BufferedImage image = read(png);
    assertThat(image.getWidth()).isEqualTo(Figures.LABEL_WIDTH + 3 * Figures.PANEL_WIDTH);
    assertThat(image.getHeight()).isEqualTo(2 * Figures.PANEL_HEIGHT);
    // the second row's panels show points piled at the origin: far fewer blue pixels than the first
    BufferedImage top = image.getSubimage(0, 0, image.getWidth(), Figures.PANEL_HEIGHT);
    BufferedImage bottom =
        image.getSubimage(0, Figures.PANEL_HEIGHT, image.getWidth(), Figures.PANEL_HEIGHT);
    assertThat(bluePixels(top)).isGreaterThan(10 * bluePixels(bottom));

    assertThatThrownBy(() -> Figures.samplesGrid(dir.resolve("bad.png"), List.of("lsd"), steps,
        List.of(List.of(target(10, 1))), 10)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void lossCurvesSkipNonPositiveValues() throws Exception {
    double[] steps = {0, 100, 200, 300};
    Map<String, double[][]> series = new LinkedHashMap<>();
    series.put("diag", new double[][] {steps, {1.0, 0.5, 0.0, 0.2}});
    series.put("lsd", new double[][] {steps, {-1, Double.NaN, 0.1, 0.05}});
    series.put("esd", new double[][] {steps, {0, 0, 0, -2}}); // nothing left: left out
    Path png = dir.resolve("loss.png");
    Figures.lossCurves(png, series);
    BufferedImage image = read(png);
    assertThat(image.getWidth()).isEqualTo(Figures.LOSS_WIDTH);
    assertThat(image.getHeight()).isEqualTo(Figures.LOSS_HEIGHT);

    // what each curve keeps: finite steps with finite positive values, in order
    assertThat(Figures.plottable(steps, new double[] {1.0, 0.5, 0.0, 0.2}))
        .containsExactly(List.of(0.0, 100.0, 300.0), List.of(1.0, 0.5, 0.2));
    assertThat(Figures.plottable(steps, new double[] {-1, Double.NaN, 0.1, Double.POSITIVE_INFINITY}))
        .containsExactly(List.of(200.0), List.of(0.1));
    assertThat(Figures.plottable(new double[] {0, Double.NaN, 2}, new double[] {1, 2, 3, 4}))
        .containsExactly(List.of(0.0, 2.0), List.of(1.0, 3.0));
    assertThat(Figures.plottable(steps, new double[] {0, 0, 0, -2}).get(0)).isEmpty();

    Path none = dir.resolve("none.png");
    Figures.lossCurves(none, Map.of("diag", new double[][] {steps, {0, 0, 0, 0}}));
    assertThat(read(none).getWidth()).isEqualTo(Figures.LOSS_WIDTH);
  }
}

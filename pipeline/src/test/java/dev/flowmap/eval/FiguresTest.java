package dev.flowmap.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.flowmap.data.Checkerboard;
import dev.flowmap.data.Rng;
import java.awt.Font;
import java.awt.FontMetrics;
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

  /** Dark (text) pixels of one region: their count, bounding box and centroid. */
  record Ink(int count, int width, int height, double meanX, double meanY, int greys) {
    static Ink of(BufferedImage image, int x0, int y0, int w, int h) {
      int count = 0;
      int greys = 0;
      int minX = Integer.MAX_VALUE;
      int maxX = -1;
      int minY = Integer.MAX_VALUE;
      int maxY = -1;
      double sumX = 0;
      double sumY = 0;
      for (int y = y0; y < y0 + h; y++) {
        for (int x = x0; x < x0 + w; x++) {
          int v = image.getRGB(x, y) & 0xff;
          if (v < 100) {
            count++;
            sumX += x;
            sumY += y;
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
          } else if (v < 200) {
            greys++;
          }
        }
      }
      return new Ink(count, maxX - minX + 1, maxY - minY + 1, sumX / count, sumY / count, greys);
    }
  }

  /**
   * Each row's name is written in 16-point bold sans-serif reading upwards (as tall as the text is
   * wide, narrower than tall), antialiased, centred in its band of the label column; each panel
   * sits in its own cell of the grid, on a white ground.
   */
  @Test
  void samplesGridPlacesEachPanelAndEachRowLabelInItsCell() throws Exception {
    List<String> names = List.of("lsd", "psd-m", "esd");
    float[] points = target(500, 4);
    List<float[]> row = List.of(points, points, points);
    Path png = dir.resolve("cells.png");
    Figures.samplesGrid(png, names, List.of(1, 2, 8), List.of(row, row, row), 500);
    BufferedImage image = read(png);
    FontMetrics bold16 = image.createGraphics()
        .getFontMetrics(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    int w = Figures.PANEL_WIDTH;
    int h = Figures.PANEL_HEIGHT;
    for (int r = 0; r < names.size(); r++) {
      Ink label = Ink.of(image, 0, r * h, Figures.LABEL_WIDTH, h);
      assertThat(label.count()).as("label %d drawn", r).isPositive();
      assertThat(label.meanY()).as("label %d centred in its band", r)
          .isCloseTo(r * h + h / 2.0, within(4.0));
      assertThat(label.meanX()).as("label %d centred in the column", r)
          .isCloseTo(Figures.LABEL_WIDTH / 2.0, within(2.5));
      assertThat(label.height()).as("label %d as tall as its text is wide", r)
          .isCloseTo(bold16.stringWidth(names.get(r)), within(4));
      assertThat(label.width()).isLessThan(label.height());
      assertThat(label.greys()).as("label %d antialiased", r).isPositive();
      assertThat(bluePixels(image.getSubimage(0, r * h, Figures.LABEL_WIDTH, h))).isZero();
      for (int c = 0; c < 3; c++) {
        assertThat(bluePixels(image.getSubimage(Figures.LABEL_WIDTH + c * w, r * h, w, h)))
            .as("panel (%d, %d) shows its points", r, c).isGreaterThan(200);
      }
    }
    assertThat(image.getRGB(0, 0) & 0xffffff).isEqualTo(0xffffff);
    assertThat(image.getRGB(0, image.getHeight() - 1) & 0xffffff).isEqualTo(0xffffff);
  }

  /** The share of the blue (series) pixels that lie in the lowest fifth of their vertical span. */
  static double lowestFifthShare(BufferedImage image) {
    List<Integer> ys = new java.util.ArrayList<>();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        if (b - r > 40 && b - g > 40) {
          ys.add(y);
        }
      }
    }
    int top = java.util.Collections.min(ys);
    int bottom = java.util.Collections.max(ys);
    double cut = bottom - 0.2 * (bottom - top);
    return ys.stream().filter(y -> y > cut).count() / (double) ys.size();
  }

  /**
   * A loss falling tenfold per point is a straight line on the logarithmic axis, so about a fifth
   * of its pixels lie in the lowest fifth of its height; on a linear axis four of its five points
   * would sit at the bottom (measured: 0.20 on the log axis).
   */
  @Test
  void lossCurvesAreDrawnOnALogarithmicAxis() throws Exception {
    Path png = dir.resolve("log.png");
    Figures.lossCurves(png, Map.of("lsd",
        new double[][] {{0, 100, 200, 300, 400}, {10000, 1000, 100, 10, 1}}));
    assertThat(lowestFifthShare(read(png))).isBetween(0.1, 0.3);
  }

  @Test
  void aScatterOfMorePointsThanTheArrayHoldsIsRejected() {
    assertThatThrownBy(() -> Figures.scatter(dir.resolve("bad.png"), "t", new float[4], 3))
        .isInstanceOf(IndexOutOfBoundsException.class).hasMessage("3 points do not fit in 2");
  }
}

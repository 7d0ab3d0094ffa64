package dev.flowmap.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.junit.jupiter.api.io.TempDir;

/**
 * The KL-against-minutes chart, read back from its pixels: the y axis is logarithmic exactly when
 * the shown KLs span more than a factor of 10. A run of KLs geometric in time is a straight line
 * on a log axis, a fifth of its blue pixels in the lowest fifth of its height (measured 0.19);
 * on a linear axis it bends down to the bottom and more lie there (measured 0.36 for a tenfold span).
 * Reference points are read from the chart's series rather than its pixels.
 */
class KlTimeFigureTest {
  @TempDir Path dir;

  /** Points (k, a * r^k) for k = 0..4. */
  private static List<double[]> geometric(double a, double r) {
    List<double[]> points = new ArrayList<>();
    for (int k = 0; k < 5; k++) {
      points.add(new double[] {k, a * Math.pow(r, k)});
    }
    return points;
  }

  private BufferedImage write(Map<String, List<double[]>> curves) throws Exception {
    Path png = dir.resolve("kl-time.png");
    Files.deleteIfExists(png);
    KlTimeFigure.write(png, "KL against time", curves, Map.of());
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isEqualTo(KlTimeFigure.WIDTH);
    assertThat(image.getHeight()).isEqualTo(KlTimeFigure.HEIGHT);
    return image;
  }

  private static int bluePixels(BufferedImage image) {
    int count = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        if ((rgb & 0xff) - ((rgb >> 16) & 0xff) > 40 && (rgb & 0xff) - ((rgb >> 8) & 0xff) > 40) {
          count++;
        }
      }
    }
    return count;
  }

  /** Strongly coloured pixels that are not the first series' blue (another series' colour). */
  private static int otherColouredPixels(BufferedImage image) {
    int count = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        boolean coloured = Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 80;
        if (coloured && !(b - r > 40 && b - g > 40)) {
          count++;
        }
      }
    }
    return count;
  }

  @Test
  void klsSpanningMoreThanTenfoldAreOnALogAxis() throws Exception {
    assertThat(FiguresTest.lowestFifthShare(write(Map.of("lsd", geometric(1.0, 0.1)))))
        .isBetween(0.1, 0.27);
    // small KLs: 0.01 to 10, a thousandfold span
    assertThat(FiguresTest.lowestFifthShare(write(Map.of("lsd", geometric(10.0, Math.pow(10, -0.75))))))
        .isBetween(0.1, 0.27);
    // just over tenfold
    List<double[]> over = geometric(1.0, Math.pow(10, 0.25));
    over.set(4, new double[] {4, 10.01});
    assertThat(FiguresTest.lowestFifthShare(write(Map.of("lsd", over)))).isBetween(0.1, 0.27);
  }

  @Test
  void klsSpanningTenfoldOrLessAreOnALinearAxis() throws Exception {
    // exactly tenfold: 1 to 10 (Math.pow(10, 0.25)^4 itself falls just short of 10)
    List<double[]> tenfold = geometric(1.0, Math.pow(10, 0.25));
    tenfold.set(4, new double[] {4, 10.0});
    assertThat(FiguresTest.lowestFifthShare(write(Map.of("lsd", tenfold)))).isGreaterThan(0.3);
    assertThat(FiguresTest.lowestFifthShare(write(Map.of("lsd", geometric(0.02, 1.5)))))
        .isGreaterThan(0.3);
  }

  @Test
  void pointsThatCannotBeShownAreSkipped() throws Exception {
    List<double[]> points = geometric(1.0, 0.1);
    points.add(new double[] {1.5, Double.NaN});
    points.add(new double[] {2.5, 0.0});
    points.add(new double[] {3.5, -1.0});
    points.add(new double[] {Double.POSITIVE_INFINITY, 0.5});
    points.add(new double[] {Double.NaN, 0.5});
    points.add(new double[] {0.5, Double.POSITIVE_INFINITY});
    BufferedImage image = write(Map.of("lsd", points));
    assertThat(bluePixels(image)).isGreaterThan(1000);
    assertThat(FiguresTest.lowestFifthShare(image)).isBetween(0.1, 0.27);
  }

  @Test
  void aRunWithoutPointsIsLeftOutAndAnEmptyChartIsStillWritten() throws Exception {
    Map<String, List<double[]>> curves = new LinkedHashMap<>();
    curves.put("lsd", geometric(1.0, 0.1));
    curves.put("esd", List.of(new double[] {1, 0.0}, new double[] {2, Double.NaN}));
    BufferedImage one = write(curves);
    assertThat(bluePixels(one)).isGreaterThan(1000);
    assertThat(otherColouredPixels(one)).as("no second series, not even in the legend").isZero();

    BufferedImage none = write(Map.of("esd", List.of(new double[] {1, 0.0})));
    assertThat(bluePixels(none)).as("at most the placeholder's legend entry").isLessThan(200);
  }

  @Test
  void referencePointsAreLoneMarkersOfTheirOwnShapesInTheLegend() {
    Map<String, double[]> refs = new LinkedHashMap<>();
    refs.put("seed stack", new double[] {73.3, 0.4576});
    refs.put("other", new double[] {5, 0.9});
    refs.put("unshowable", new double[] {5, Double.NaN});
    XYChart chart = KlTimeFigure.chart("t", Map.of("lsd", geometric(1.0, 0.9)), refs);
    Map<String, XYSeries> series = chart.getSeriesMap();
    assertThat(series.keySet()).containsExactly("lsd", "seed stack", "other");
    XYSeries seed = series.get("seed stack");
    assertThat(seed.getXData()).containsExactly(73.3);
    assertThat(seed.getYData()).containsExactly(0.4576);
    assertThat(seed.getXYSeriesRenderStyle()).isEqualTo(XYSeries.XYSeriesRenderStyle.Scatter);
    assertThat(seed.isShowInLegend()).isTrue();
    assertThat(series.get("lsd").getXYSeriesRenderStyle()).isEqualTo(XYSeries.XYSeriesRenderStyle.Line);
    assertThat(List.of(series.get("lsd").getMarker(), seed.getMarker(), series.get("other").getMarker()))
        .doesNotHaveDuplicates();
    assertThat(chart.getStyler().isYAxisLogarithmic()).as("0.4576 to 1, within tenfold").isFalse();
  }

  @Test
  void referencePointsCountInTheLogAxisRule() throws Exception {
    Map<String, List<double[]>> run = Map.of("lsd", geometric(1.0, 0.9)); // 0.66 to 1
    assertThat(KlTimeFigure.chart("t", run, Map.of("far", new double[] {3, 0.05}))
        .getStyler().isYAxisLogarithmic()).isTrue();
    assertThat(KlTimeFigure.chart("t", run, Map.of("near", new double[] {3, 0.2}))
        .getStyler().isYAxisLogarithmic()).isFalse();
    XYChart alone = KlTimeFigure.chart("t", Map.of(), Map.of("a", new double[] {1, 0.01},
        "b", new double[] {2, 1.0}));
    assertThat(alone.getSeriesMap()).containsOnlyKeys("a", "b"); // no placeholder
    assertThat(alone.getStyler().isYAxisLogarithmic()).isTrue();

    Path png = dir.resolve("refs.png");
    KlTimeFigure.write(png, "t", run, Map.of("far", new double[] {3, 0.05}));
    assertThat(ImageIO.read(png.toFile())).isNotNull();
  }
}

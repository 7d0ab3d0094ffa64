package dev.flowmap.eval;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG figures drawn with XChart (headless): target scatter, the samples grid, loss curves. */
public final class Figures {
  static final int SCATTER_WIDTH = 600;
  static final int SCATTER_HEIGHT = 620;
  static final int PANEL_WIDTH = 260;
  static final int PANEL_HEIGHT = 284;
  static final int LABEL_WIDTH = 40;
  static final int LOSS_WIDTH = 800;
  static final int LOSS_HEIGHT = 500;
  private static final double EXTENT = 2.5;
  private static final Color POINT = new Color(31, 119, 180, 110);

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Figures() {}

  /**
   * A 2D scatter of the first {@code count} points on [-2.5, 2.5]^2 (600 x 620 pixels); XChart
   * draws every marker, so pass a moderate count (tens of thousands, not millions).
   */
  public static void scatter(Path png, String title, float[] xy, int count) throws IOException {
    XYChart chart = square(SCATTER_WIDTH, SCATTER_HEIGHT, title, xy, count, 2);
    chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    writePng(png, BitmapEncoder.getBufferedImage(chart));
  }

  /**
   * A grid of scatters, one row per method (named on the left) and one column per N (titled
   * "N=1" etc.), each panel 260 x 284 pixels after a 40-pixel label column.
   */
  public static void samplesGrid(Path png, List<String> rowNames, List<Integer> stepsPerColumn,
      List<List<float[]>> samples, int countPerPanel) throws IOException {
    int rows = rowNames.size();
    int cols = stepsPerColumn.size();
    if (rows == 0 || cols == 0 || samples.size() != rows) {
      throw new IllegalArgumentException("need a non-empty grid with one sample row per name, got "
          + rows + " names, " + cols + " columns and " + samples.size() + " sample rows");
    }
    BufferedImage image = new BufferedImage(LABEL_WIDTH + cols * PANEL_WIDTH,
        rows * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
          RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      for (int r = 0; r < rows; r++) {
        if (samples.get(r).size() != cols) {
          throw new IllegalArgumentException("row " + rowNames.get(r) + " has "
              + samples.get(r).size() + " panels, expected " + cols);
        }
        drawRowLabel(g, rowNames.get(r), r);
        for (int c = 0; c < cols; c++) {
          XYChart chart = square(PANEL_WIDTH, PANEL_HEIGHT, "N=" + stepsPerColumn.get(c),
              samples.get(r).get(c), countPerPanel, 2);
          chart.getStyler().setAxisTicksVisible(false);
          g.drawImage(BitmapEncoder.getBufferedImage(chart),
              LABEL_WIDTH + c * PANEL_WIDTH, r * PANEL_HEIGHT, null);
        }
      }
    } finally {
      g.dispose();
    }
    writePng(png, image);
  }

  /**
   * Loss curves, one line per term, on a log-scale y axis (800 x 500 pixels); non-positive and
   * non-finite values are skipped, and a term left with no value is left out.
   */
  public static void lossCurves(Path png, Map<String, double[][]> seriesByTerm)
      throws IOException {
    XYChart chart = new XYChartBuilder().width(LOSS_WIDTH).height(LOSS_HEIGHT)
        .title("Training loss").xAxisTitle("step").yAxisTitle("loss").build();
    XYStyler styler = chart.getStyler();
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setLegendPosition(Styler.LegendPosition.InsideNE);
    styler.setMarkerSize(0);
    int added = 0;
    for (Map.Entry<String, double[][]> e : seriesByTerm.entrySet()) {
      List<List<Double>> xy = plottable(e.getValue()[0], e.getValue()[1]);
      List<Double> x = xy.get(0);
      List<Double> y = xy.get(1);
      if (!x.isEmpty()) {
        XYSeries s = chart.addSeries(e.getKey(), x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        added++;
      }
    }
    chart.getStyler().setYAxisLogarithmic(added > 0);
    writePng(png, BitmapEncoder.getBufferedImage(chart));
  }

  /** The (step, value) points a log-scale loss curve can show: finite, with a positive value. */
  static List<List<Double>> plottable(double[] steps, double[] values) {
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (int k = 0; k < Math.min(steps.length, values.length); k++) {
      if (values[k] > 0 && Double.isFinite(values[k]) && Double.isFinite(steps[k])) {
        x.add(steps[k]);
        y.add(values[k]);
      }
    }
    return List.of(x, y);
  }

  /** A scatter chart with fixed [-2.5, 2.5] axes, small translucent markers and no legend. */
  private static XYChart square(int width, int height, String title, float[] xy, int count,
      int markerSize) {
    if (count < 0 || 2L * count > xy.length) {
      throw new IndexOutOfBoundsException(count + " points do not fit in " + xy.length / 2);
    }
    double[] x = new double[Math.max(count, 1)];
    double[] y = new double[Math.max(count, 1)];
    for (int p = 0; p < count; p++) {
      x[p] = xy[2 * p];
      y[p] = xy[2 * p + 1];
    }
    if (count == 0) {
      x[0] = Double.NaN;
      y[0] = Double.NaN;
    }
    XYChart chart = new XYChartBuilder().width(width).height(height).title(title).build();
    var styler = chart.getStyler();
    styler.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    styler.setLegendVisible(false);
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setPlotGridLinesVisible(false);
    styler.setChartPadding(6);
    styler.setMarkerSize(markerSize);
    styler.setXAxisMin(-EXTENT).setXAxisMax(EXTENT).setYAxisMin(-EXTENT).setYAxisMax(EXTENT);
    styler.setXAxisDecimalPattern("0.0").setYAxisDecimalPattern("0.0");
    XYSeries s = chart.addSeries("points", x, y);
    s.setMarker(SeriesMarkers.CIRCLE);
    s.setMarkerColor(POINT);
    return chart;
  }

  private static void drawRowLabel(Graphics2D g, String name, int row) {
    Graphics2D r = (Graphics2D) g.create();
    try {
      r.setColor(Color.BLACK);
      r.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      FontMetrics fm = r.getFontMetrics();
      int cx = LABEL_WIDTH / 2;
      int cy = row * PANEL_HEIGHT + PANEL_HEIGHT / 2;
      r.rotate(-Math.PI / 2, cx, cy);
      r.drawString(name, cx - fm.stringWidth(name) / 2, cy + fm.getAscent() / 2 - 2);
    } finally {
      r.dispose();
    }
  }

  private static void writePng(Path png, BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(image, "png", out)) {
      throw new IOException("no PNG writer available");
    }
    AtomicFiles.write(png, out.toByteArray());
  }
}

package dev.flowmap.eval;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One PNG line chart of a KL against wall-clock minutes, one line per run, plus marked reference
 * points (XChart, headless).
 */
public final class KlTimeFigure {
  static final int WIDTH = 900;
  static final int HEIGHT = 560;
  /** The shapes of reference points, unlike the runs' circles; cycled when there are more. */
  private static final Marker[] REFERENCE_MARKERS = {SeriesMarkers.DIAMOND,
      SeriesMarkers.SQUARE, SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN,
      SeriesMarkers.CROSS, SeriesMarkers.PLUS};

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private KlTimeFigure() {}

  /**
   * Writes the chart: {@code curves} maps a run name to its points {minutes, kl}, drawn as lines;
   * {@code points} maps a label to one {minutes, kl} from outside the runs, drawn as a lone marker
   * of its own shape. Non-finite or non-positive KLs are skipped, and a series left without points
   * is left out of the legend. The y axis is logarithmic when the KLs shown, lines and points
   * alike, span more than a factor of 10 (XChart labels only powers of ten there), linear
   * otherwise.
   */
  public static void write(Path png, String title, Map<String, List<double[]>> curves,
                           Map<String, double[]> points) throws IOException {
    AtomicFiles.write(png, BitmapEncoder.getBitmapBytes(chart(title, curves, points),
        BitmapEncoder.BitmapFormat.PNG));
  }

  /** The chart {@link #write} draws. */
  static XYChart chart(String title, Map<String, List<double[]>> curves,
                       Map<String, double[]> points) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle("wall-clock minutes").yAxisTitle("KL").build();
    var styler = chart.getStyler();
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setLegendPosition(Styler.LegendPosition.OutsideE);
    styler.setMarkerSize(7);
    styler.setXAxisMin(0.0);
    List<Double> shown = new ArrayList<>();
    for (Map.Entry<String, List<double[]>> e : curves.entrySet()) {
      XYSeries s = add(chart, e.getKey(), e.getValue(), shown);
      if (s != null) {
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      }
    }
    int reference = 0;
    for (Map.Entry<String, double[]> e : points.entrySet()) {
      XYSeries s = add(chart, e.getKey(), List.of(e.getValue()), shown);
      if (s != null) {
        s.setMarker(REFERENCE_MARKERS[reference++ % REFERENCE_MARKERS.length]);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      }
    }
    if (shown.isEmpty()) {
      chart.addSeries("no evaluations yet", new double[] {0}, new double[] {1})
          .setMarker(SeriesMarkers.NONE);
    }
    double lo = shown.stream().mapToDouble(Double::doubleValue).min().orElse(1);
    double hi = shown.stream().mapToDouble(Double::doubleValue).max().orElse(1);
    styler.setYAxisLogarithmic(hi > 10 * lo);
    return chart;
  }

  /** Adds the points that can be shown as one series, their KLs to {@code shown}; null if none. */
  private static XYSeries add(XYChart chart, String name, List<double[]> points,
                              List<Double> shown) {
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (double[] p : points) {
      if (Double.isFinite(p[0]) && Double.isFinite(p[1]) && p[1] > 0) {
        x.add(p[0]);
        y.add(p[1]);
      }
    }
    shown.addAll(y);
    return x.isEmpty() ? null : chart.addSeries(name, x, y);
  }
}

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
import org.knowm.xchart.style.markers.SeriesMarkers;

/** One PNG line chart of a KL against wall-clock minutes, one line per run (XChart, headless). */
public final class KlTimeFigure {
  static final int WIDTH = 900;
  static final int HEIGHT = 560;

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private KlTimeFigure() {}

  /**
   * Writes the chart: {@code curves} maps a run name to its points {minutes, kl}; non-finite or
   * non-positive KLs are skipped, and a run left without points is left out of the legend. The y
   * axis is logarithmic when the KLs span more than a factor of 10 (XChart labels only powers of
   * ten there), linear otherwise.
   */
  public static void write(Path png, String title, Map<String, List<double[]>> curves)
      throws IOException {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle("wall-clock minutes").yAxisTitle("KL").build();
    var styler = chart.getStyler();
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setLegendPosition(Styler.LegendPosition.OutsideE);
    styler.setMarkerSize(7);
    styler.setXAxisMin(0.0);
    int added = 0;
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    for (Map.Entry<String, List<double[]>> e : curves.entrySet()) {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (double[] p : e.getValue()) {
        if (Double.isFinite(p[0]) && Double.isFinite(p[1]) && p[1] > 0) {
          x.add(p[0]);
          y.add(p[1]);
          lo = Math.min(lo, p[1]);
          hi = Math.max(hi, p[1]);
        }
      }
      if (!x.isEmpty()) {
        XYSeries s = chart.addSeries(e.getKey(), x, y);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        added++;
      }
    }
    if (added == 0) {
      chart.addSeries("no evaluations yet", new double[] {0}, new double[] {1})
          .setMarker(SeriesMarkers.NONE);
    }
    styler.setYAxisLogarithmic(added > 0 && hi > 10 * lo);
    AtomicFiles.write(png, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
  }
}

package dev.flowmap.soak;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The soak's PNG: memory in MiB on the left, threads and open files on the right, bounds dashed. */
final class SoakFigure {
  private static final double MIB = 1 << 20;
  private static final java.awt.Color[] PALETTE = {new java.awt.Color(0x1f77b4),
      new java.awt.Color(0xd62728), new java.awt.Color(0x2ca02c)};

  private SoakFigure() {}

  static void write(Path png, List<SoakRow> rows, double warmupMinutes, long[] bounds) throws IOException {
    XYChart memory = chart("memory of the trainer (MiB)");
    add(memory, "RSS", rows, r -> r.rss() / MIB, bounds == null ? -1 : bounds[0] / MIB, warmupMinutes);
    add(memory, "heap after GC", rows, r -> r.heapAfterGc() / MIB, bounds == null ? -1 : bounds[1] / MIB,
        warmupMinutes);
    add(memory, "ND4J off-heap", rows, r -> r.offHeap() / MIB, bounds == null ? -1 : bounds[2] / MIB,
        warmupMinutes);
    XYChart counts = chart("threads and open file descriptors");
    add(counts, "threads", rows, r -> r.threads(), bounds == null ? -1 : bounds[3], warmupMinutes);
    add(counts, "open fds", rows, r -> r.fds(), bounds == null ? -1 : bounds[4], warmupMinutes);
    BufferedImage left = BitmapEncoder.getBufferedImage(memory);
    BufferedImage right = BitmapEncoder.getBufferedImage(counts);
    BufferedImage both = new BufferedImage(left.getWidth() + right.getWidth(), left.getHeight(),
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = both.createGraphics();
    g.drawImage(left, 0, 0, null);
    g.drawImage(right, left.getWidth(), 0, null);
    g.dispose();
    ImageIO.write(both, "png", png.toFile());
  }

  private static XYChart chart(String title) {
    XYChart c = new XYChartBuilder().width(560).height(360).title(title).xAxisTitle("minutes").build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
    c.getStyler().setYAxisMin(0.0);
    return c;
  }

  private static void add(XYChart c, String name, List<SoakRow> rows, ToDoubleFunction<SoakRow> y,
                          double bound, double warmupMinutes) {
    double[] xs = rows.stream().mapToDouble(SoakRow::minutes).toArray();
    double[] ys = rows.stream().mapToDouble(y).toArray();
    java.awt.Color colour = PALETTE[(int) (c.getSeriesMap().keySet().stream()
        .filter(n -> !n.endsWith(" bound")).count() % PALETTE.length)];
    XYSeries s = c.addSeries(name, xs, ys);
    s.setMarker(SeriesMarkers.CIRCLE);
    s.setLineColor(colour);
    s.setMarkerColor(colour);
    double last = xs[xs.length - 1];
    if (bound >= 0 && last > warmupMinutes) {
      XYSeries b = c.addSeries(name + " bound", new double[] {warmupMinutes, last}, new double[] {bound, bound});
      b.setMarker(SeriesMarkers.NONE);
      b.setLineStyle(SeriesLines.DASH_DASH);
      b.setLineColor(colour);
      b.setShowInLegend(false);
    }
  }
}

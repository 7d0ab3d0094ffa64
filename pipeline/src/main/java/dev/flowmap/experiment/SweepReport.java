package dev.flowmap.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowmap.eval.AtomicFiles;
import dev.flowmap.eval.EvalReport;
import dev.flowmap.eval.KlRow;
import dev.flowmap.eval.KlTables;
import dev.flowmap.eval.KlTimeFigure;
import dev.flowmap.train.RunDirectory;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a sweep's run directories hold, read back: each run's final KL per N ({@code kl.json}),
 * periodic evaluations ({@code evals.jsonl}) and wall time ({@code wall.json}); written as
 * {@code sweep.md}, sorted by one-step KL (first grouped over train.seed when it is a grid key,
 * see {@link SeedGroups}), and {@code sweep.png}, one-step KL against minutes; both also show
 * the {@link ReferencePoint}s, results from outside flowmap, apart from the runs.
 * {@code kl.json} is read in any layout this project wrote ({@link KlTables#readAnyLayout}), so
 * older and newer runs mix.
 */
public final class SweepReport {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One run's results; {@code rows} empty and {@code status} not "finished" until it ends. */
  public record Result(Grid.Point point, String status, long step, double wallSeconds, Integer samples,
                Integer bins, Map<Integer, KlRow> rows, List<double[]> curve) {
    /** KL at the smallest N (one-step when N = 1 is evaluated), or NaN. */
    double oneStepKl() {
      return rows.isEmpty() ? Double.NaN : rows.values().iterator().next().kl();
    }
  }

  private SweepReport() {}

  /** Reads the results of {@code point} from {@code dir}. */
  public static Result read(Grid.Point point, Path dir) throws IOException {
    List<RunClock.Segment> segments = RunClock.read(dir);
    double wall = RunClock.seconds(segments, null);
    Map<Integer, KlRow> rows = new TreeMap<>();
    List<double[]> curve = new ArrayList<>();
    Path evals = new RunDirectory(dir).evalLog();
    if (Files.exists(evals)) {
      for (String line : Files.readAllLines(evals)) {
        if (!line.isBlank()) {
          curvePoint(JSON.readTree(line), segments).ifPresent(curve::add);
        }
      }
    }
    Path kl = new RunDirectory(dir).klJson();
    if (!Files.exists(kl)) {
      String outcome = RunClock.outcome(segments);
      String status = outcome == null ? (Files.exists(dir) ? "started" : "not started")
          : "finished".equals(outcome) ? "started" : outcome;
      long step = curve.isEmpty() ? 0 : (long) curve.get(curve.size() - 1)[2];
      return new Result(point, status, step, wall, null, null, rows, curve);
    }
    EvalReport report = KlTables.readAnyLayout(kl);
    for (KlRow r : report.rows()) {
      rows.put(r.steps(), r);
    }
    Integer samples = report.samples() > 0 ? Integer.valueOf(report.samples()) : null;
    Integer bins = report.bins() > 0 ? Integer.valueOf(report.bins()) : null;
    long step = report.step();
    double minutes = wall / 60.0;
    for (int i = curve.size() - 1; i >= 0; i--) {
      if (curve.get(i)[2] >= step) { // the final evaluation is logged in evals.jsonl too
        minutes = Double.isNaN(curve.get(i)[0]) ? minutes : curve.get(i)[0];
        curve.remove(i);
      }
    }
    if (!rows.isEmpty()) {
      curve.add(new double[] {minutes, rows.values().iterator().next().kl(), step});
    }
    return new Result(point, "finished", step, wall, samples, bins, rows, curve);
  }

  /**
   * {minutes, KL at the smallest N, step} of one evaluation line; minutes from its {@code time}
   * (NaN without one: {@link #write} then places it by step).
   */
  private static Optional<double[]> curvePoint(JsonNode e, List<RunClock.Segment> segments) {
    JsonNode first = null;
    for (JsonNode r : e.path("rows")) {
      if (first == null || r.path("steps").asInt() < first.path("steps").asInt()) {
        first = r;
      }
    }
    if (first == null) {
      return Optional.empty();
    }
    double minutes = Double.NaN;
    if (e.hasNonNull("time")) {
      try {
        minutes = RunClock.seconds(segments, Instant.parse(e.get("time").asText())) / 60.0;
      } catch (RuntimeException ignored) {
        // an unreadable time leaves the point out
      }
    }
    return Optional.of(new double[] {minutes, first.path("kl").asDouble(Double.NaN),
        e.path("step").asDouble()});
  }

  /** The runs sorted by one-step KL, finished ones first. */
  static List<Result> sorted(List<Result> results) {
    List<Result> s = new ArrayList<>(results);
    s.sort(Comparator.comparingDouble((Result r) -> Double.isNaN(r.oneStepKl())
        ? Double.POSITIVE_INFINITY : r.oneStepKl()));
    return s;
  }

  /**
   * The Markdown table: grid values, steps, wall time, KL per N, floor, n, in-support per N; then
   * the reference points, if any.
   */
  public static String markdown(String title, List<String> keys, List<Result> results,
                                List<ReferencePoint> references) {
    TreeSet<Integer> ns = new TreeSet<>();
    results.forEach(r -> ns.addAll(r.rows().keySet()));
    StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n")
        .append("Sorted by one-step KL (the smallest N evaluated). Wall time is the training")
        .append(" wall clock, periodic and final evaluations included, summed over resumes.\n\n");
    sb.append(SeedGroups.markdown(keys, results));
    if (keys.contains(SeedGroups.SEED_KEY)) {
      sb.append("## Each run\n\n");
    }
    sb.append("| run |");
    keys.forEach(k -> sb.append(' ').append(k).append(" |"));
    sb.append(" steps | wall (min) |");
    ns.forEach(n -> sb.append(" KL N=").append(n).append(" |"));
    sb.append(" floor | n |");
    ns.forEach(n -> sb.append(" in-support N=").append(n).append(" |"));
    sb.append("\n|").append("---|".repeat(1 + keys.size() + 2 + 2 * ns.size() + 2)).append('\n');
    for (Result r : sorted(results)) {
      sb.append("| ").append(r.point().name()).append(" |");
      keys.forEach(k -> sb.append(' ').append(r.point().values().get(k)).append(" |"));
      sb.append(' ').append(r.step()).append("finished".equals(r.status()) ? "" : " (" + r.status() + ")")
          .append(" | ").append(String.format(Locale.ROOT, "%.2f", r.wallSeconds() / 60)).append(" |");
      for (int n : ns) {
        KlRow row = r.rows().get(n);
        sb.append(' ').append(row == null ? "-" : format(row.kl())).append(" |");
      }
      sb.append(' ').append(floors(r)).append(" | ")
          .append(r.samples() == null ? "-" : r.samples()).append(r.bins() == null ? "" : ", " + r.bins() + " bins")
          .append(" |");
      for (int n : ns) {
        KlRow row = r.rows().get(n);
        sb.append(' ').append(row == null ? "-" : format(row.inSupport())).append(" |");
      }
      sb.append('\n');
    }
    if (!references.isEmpty()) {
      sb.append("\nReference points (not flowmap runs):\n\n");
      for (ReferencePoint p : references) {
        sb.append("- ").append(p.label()).append(": ").append(format(p.kl())).append(" at ")
            .append(BigDecimal.valueOf(p.minutes()).stripTrailingZeros().toPlainString())
            .append(" minutes\n");
      }
    }
    return sb.toString();
  }

  /** The floor, once when every N shares it (it depends on n and the bins, not on N). */
  private static String floors(Result r) {
    TreeSet<String> f = new TreeSet<>();
    r.rows().values().forEach(row -> f.add(format(row.floor())));
    return f.isEmpty() ? "-" : String.join(" / ", f);
  }

  /** Writes {@code sweep.md} and {@code sweep.png} into {@code dir}. */
  public static void write(Path dir, String title, List<String> keys, List<Result> results,
                           List<ReferencePoint> references) throws IOException {
    AtomicFiles.writeString(table(dir), markdown(title, keys, results, references));
    Map<String, List<double[]>> curves = new LinkedHashMap<>();
    for (Result r : results) {
      List<double[]> points = new ArrayList<>();
      for (double[] p : r.curve()) {
        double minutes = Double.isNaN(p[0]) && r.step() > 0
            ? r.wallSeconds() / 60 * p[2] / r.step() : p[0];
        points.add(new double[] {minutes, p[1]});
      }
      curves.put(r.point().name(), points);
    }
    Map<String, double[]> points = new LinkedHashMap<>();
    references.forEach(p -> points.put(p.label(), new double[] {p.minutes(), p.kl()}));
    KlTimeFigure.write(figure(dir), "one-step KL against wall-clock minutes", curves, points);
  }

  /** {@code sweep.md} in {@code dir}. */
  public static Path table(Path dir) {
    return dir.resolve("sweep.md");
  }

  /** {@code sweep.png} in {@code dir}. */
  public static Path figure(Path dir) {
    return dir.resolve("sweep.png");
  }

  private static String format(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }
}

package dev.flowmap.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * KL tables as JSON ({@code {"step", "samples", "bins", "kl_form", "weights", "sampler", "rows":
 * [{"steps", "kl", "floor", "n", "in_support"}]}}) and as a Markdown table comparing methods, like the seed's
 * README, with the floor and n beside every KL.
 */
public final class KlTables {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The estimator named in the JSON: the seed notebook's probability-form histogram KL. */
  static final String KL_FORM = "probability";

  private KlTables() {}

  /** Writes one evaluation as JSON, atomically. */
  public static void writeJson(Path file, EvalReport report) throws IOException {
    AtomicFiles.write(file, JSON.writeValueAsBytes(tree(report)));
  }

  /** One evaluation as JSON text, indented or on one line. */
  public static String toJson(EvalReport report, boolean indent) {
    try {
      return indent ? JSON.writeValueAsString(tree(report))
          : JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree(report));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static ObjectNode tree(EvalReport report) {
    ObjectNode root = JSON.createObjectNode();
    root.put("step", report.step());
    root.put("samples", report.samples());
    root.put("bins", report.bins());
    root.put("kl_form", KL_FORM);
    root.put("weights", report.weights());
    root.put("sampler", report.sampler());
    ArrayNode rows = root.putArray("rows");
    for (KlRow row : report.rows()) {
      ObjectNode r = rows.addObject();
      r.put("steps", row.steps());
      r.put("kl", row.kl());
      r.put("floor", row.floor());
      r.put("n", report.samples());
      r.put("in_support", row.inSupport());
    }
    return root;
  }

  /** Reads a file written by {@link #writeJson}: every field present, the probability-form KL. */
  public static EvalReport readJson(Path file) throws IOException {
    return read(file, true);
  }

  /**
   * Reads a KL table of any layout this project has written, for reports that mix older and newer
   * runs: a floor per row or one for the whole table, n as {@code samples} or {@code n}. A missing
   * number reads as NaN, a missing step, n or bins as 0, a missing weights as "".
   */
  public static EvalReport readAnyLayout(Path file) throws IOException {
    return read(file, false);
  }

  /** The one reader of both: {@code current} requires every field of {@link #writeJson}'s layout. */
  private static EvalReport read(Path file, boolean current) throws IOException {
    JsonNode root = JSON.readTree(Files.readAllBytes(file));
    List<KlRow> rows = new ArrayList<>();
    for (JsonNode r : field(root, "rows", file, current)) {
      JsonNode floor = current || r.has("floor") ? field(r, "floor", file, current) : root.path("floor");
      rows.add(new KlRow(field(r, "steps", file, current).asInt(),
          number(field(r, "kl", file, current), current), number(floor, current),
          number(field(r, "in_support", file, current), current)));
    }
    JsonNode form = root.get("kl_form");
    if (current && (form == null || !KL_FORM.equals(form.asText()))) {
      throw new IOException(file + ": not a probability-form KL table (\"kl_form\": "
          + (form == null ? "missing" : form) + "); it predates the seed's scale, re-run the evaluation");
    }
    JsonNode samples = current || !root.has("n") ? field(root, "samples", file, current) : root.path("n");
    JsonNode sampler = root.get("sampler"); // absent in tables written before it was named
    return new EvalReport(field(root, "step", file, current).asLong(), samples.asInt(),
        field(root, "bins", file, current).asInt(), field(root, "weights", file, current).asText(),
        rows, sampler == null ? EvalReport.MAP : sampler.asText());
  }

  /** A field of {@code node}: required (an IOException naming it when absent), or else its path. */
  private static JsonNode field(JsonNode node, String name, Path file, boolean required)
      throws IOException {
    return required ? required(node, name, file) : node.path(name);
  }

  /** A number as the current layout reads it, or NaN where an older table has none. */
  private static double number(JsonNode value, boolean current) {
    return current ? value.asDouble() : value.asDouble(Double.NaN);
  }

  /**
   * A Markdown table with columns N | KL (method)... | floor | n | in-support (method)..., then a
   * line saying what the KL is; the floor and n are the first method's that has a row for that N.
   */
  public static String markdown(Map<String, EvalReport> byMethod) {
    List<String> methods = new ArrayList<>(byMethod.keySet());
    TreeSet<Integer> steps = new TreeSet<>();
    byMethod.values().forEach(r -> r.rows().forEach(row -> steps.add(row.steps())));
    StringBuilder sb = new StringBuilder("| N |");
    methods.forEach(m -> sb.append(" KL (").append(m).append(") |"));
    sb.append(" floor | n |");
    methods.forEach(m -> sb.append(" in-support (").append(m).append(") |"));
    sb.append("\n|---|");
    sb.append("---|".repeat(2 * methods.size() + 2));
    sb.append('\n');
    for (int n : steps) {
      sb.append("| ").append(n).append(" |");
      double floor = Double.NaN;
      String samples = "-";
      for (String m : methods) {
        KlRow row = rowFor(byMethod.get(m), n);
        sb.append(' ').append(row == null ? "-" : format(row.kl())).append(" |");
        if (row != null && samples.equals("-")) {
          floor = row.floor();
          samples = String.format(Locale.ROOT, "%,d", byMethod.get(m).samples());
        }
      }
      sb.append(' ').append(format(floor)).append(" | ").append(samples).append(" |");
      for (String m : methods) {
        KlRow row = rowFor(byMethod.get(m), n);
        sb.append(' ').append(row == null ? "-" : format(row.inSupport())).append(" |");
      }
      sb.append('\n');
    }
    int bins = byMethod.isEmpty() ? HistogramKl.DEFAULT_BINS : byMethod.values().iterator().next().bins();
    sb.append('\n').append(String.format(Locale.ROOT, "KL(target || generated), the seed notebook's"
        + " probability-form histogram KL: %d x %d bins on [-2.5, 2.5]^2, n target and n generated"
        + " samples per N; floor: the same estimator between two independent target samples of"
        + " size n. Density-form KL (seed src/utils.py) = this x %.0f (1 / bin area).%n",
        bins, bins, 1 / new HistogramKl(bins).binArea()));
    return sb.toString();
  }

  /** Writes {@link #markdown} to {@code file}, atomically. */
  public static void writeMarkdown(Path file, Map<String, EvalReport> byMethod) throws IOException {
    AtomicFiles.writeString(file, markdown(byMethod));
  }

  private static KlRow rowFor(EvalReport report, int steps) {
    for (KlRow row : report.rows()) {
      if (row.steps() == steps) {
        return row;
      }
    }
    return null;
  }

  private static String format(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }

  private static JsonNode required(JsonNode node, String field, Path file) throws IOException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IOException(file + ": missing field \"" + field + "\"");
    }
    return value;
  }
}

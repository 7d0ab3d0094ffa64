package dev.flowmap.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The Grafana dashboards in {@code dashboards/}: their panels and PromQL (test helper). */
final class Dashboards {
  static final Path DIR = repoRoot().resolve("dashboards");
  static final String DATASOURCE_UID = "flowmap-prometheus";
  private static final Pattern LABEL_VALUES =
      Pattern.compile("^label_values\\((.*),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\)$");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([a-zA-Z_][a-zA-Z0-9_]*)\\}?");

  /** A query found in a dashboard, with where it came from for messages. */
  record Query(String where, String expr) {}

  private Dashboards() {}

  static Path repoRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("compose"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("no compose/ above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  static List<Path> files() {
    try (Stream<Path> s = Files.list(DIR)) {
      return s.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode read(Path file) {
    try {
      return new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(file + " is not valid JSON", e);
    }
  }

  /** Every panel, nested ones in rows ({@code panels} and the legacy {@code rows}) included. */
  static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> out = new ArrayList<>();
    collect(dashboard.path("panels"), out);
    for (JsonNode row : dashboard.path("rows")) {
      collect(row.path("panels"), out);
    }
    return out;
  }

  private static void collect(JsonNode panels, List<JsonNode> out) {
    for (JsonNode p : panels) {
      out.add(p);
      collect(p.path("panels"), out);
    }
  }

  /** Panels grouped by the grid they are laid out on (the top level, each collapsed row's own). */
  static List<List<JsonNode>> grids(JsonNode dashboard) {
    List<List<JsonNode>> grids = new ArrayList<>();
    List<JsonNode> top = new ArrayList<>();
    for (JsonNode p : dashboard.path("panels")) {
      top.add(p);
      if (p.path("panels").size() > 0) {
        List<JsonNode> inner = new ArrayList<>();
        p.path("panels").forEach(inner::add);
        grids.add(inner);
      }
    }
    grids.add(0, top);
    return grids;
  }

  /** Every PromQL expression: panel targets and template-variable queries, as written. */
  static List<Query> queries() {
    List<Query> out = new ArrayList<>();
    for (Path file : files()) {
      JsonNode d = read(file);
      for (JsonNode p : panels(d)) {
        for (JsonNode t : p.path("targets")) {
          if (t.hasNonNull("expr")) {
            out.add(new Query(file.getFileName() + " panel '" + p.path("title").asText() + "' "
                + t.path("refId").asText(), t.get("expr").asText()));
          }
        }
      }
      for (JsonNode v : d.path("templating").path("list")) {
        JsonNode q = v.path("query");
        String expr = q.isTextual() ? q.asText() : q.path("query").asText(v.path("definition").asText());
        if ("query".equals(v.path("type").asText()) && !expr.isBlank()) {
          out.add(new Query(file.getFileName() + " variable $" + v.path("name").asText(), expr));
        }
      }
    }
    return out;
  }

  /**
   * The PromQL that Prometheus itself can run: Grafana's interval variables given fixed values,
   * template variables matching anything, and {@code label_values(m, l)} as a count by l.
   */
  static String toPromQl(String expr) {
    String e = expr.trim();
    Matcher lv = LABEL_VALUES.matcher(e);
    if (lv.matches()) {
      e = "count by (" + lv.group(2) + ") (" + lv.group(1) + ")";
    }
    e = e.replace("$__rate_interval", "15s").replace("${__rate_interval}", "15s")
        .replace("$__interval", "5s").replace("${__interval}", "5s")
        .replace("$__range", "1m").replace("${__range}", "1m");
    return VARIABLE.matcher(e).replaceAll(".*");
  }
}

package dev.flowmap.telemetry;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Pulls the metric names out of a PromQL expression with a small tokenizer (test helper). */
final class PromQlNames {
  private static final Set<String> KEYWORDS = Set.of(
      "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or",
      "unless", "offset", "inf", "nan", "atan2", "sum", "min", "max", "avg", "count", "group",
      "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values", "limitk", "limit_ratio");
  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
  private static final Pattern GROUPING = Pattern.compile(
      "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern IDENT =
      Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![\\w])(\\s*\\()?");

  private PromQlNames() {}

  /** Metric names in {@code expr}: identifiers that are not functions, keywords or label names. */
  static Set<String> of(String expr) {
    String e = STRING.matcher(expr).replaceAll("\"\"");
    e = e.replaceAll("\\{[^}]*\\}", " ").replaceAll("\\[[^\\]]*\\]", " ");
    e = GROUPING.matcher(e).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENT.matcher(e);
    while (m.find()) {
      if (m.group(2) == null && !KEYWORDS.contains(m.group(1).toLowerCase())) {
        names.add(m.group(1));
      }
    }
    return names;
  }
}

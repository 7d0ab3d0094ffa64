package dev.flowmap.experiment;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The {@code --grid key=v1,v2,...} options of {@code sweep}: values are split at top-level commas
 * (commas inside [..], {..} or quotes belong to the value, so {@code eval.steps=[1,2],[1,2,4]} is a
 * grid of two lists), and their cartesian product names one run each. Values stay text here; the
 * config loader reads them as YAML, like {@code --set} values.
 */
public final class Grid {
  private static final int MAX_NAME = 120;

  /** One grid point: a readable, filesystem-safe name and its key=value overrides in grid order. */
  public record Point(String name, Map<String, String> values) {
    public List<String> sets() {
      List<String> sets = new ArrayList<>();
      values.forEach((k, v) -> sets.add(k + "=" + v));
      return sets;
    }
  }

  private final Map<String, List<String>> axes;

  private Grid(Map<String, List<String>> axes) {
    this.axes = axes;
  }

  /**
   * Parses the specs; a malformed one (no '=', no key, an empty or repeated value, unbalanced
   * brackets or quotes, a key given twice) is an {@link IllegalArgumentException} naming it.
   */
  public static Grid parse(List<String> specs) {
    Map<String, List<String>> axes = new LinkedHashMap<>();
    for (String spec : specs) {
      int eq = spec.indexOf('=');
      if (eq < 0) {
        throw bad(spec, "expected key=v1,v2,...");
      }
      String key = spec.substring(0, eq).trim();
      if (key.isEmpty()) {
        throw bad(spec, "no key before '='");
      }
      if (axes.containsKey(key)) {
        throw bad(spec, "key '" + key + "' is already gridded by another --grid");
      }
      List<String> values = split(spec, spec.substring(eq + 1));
      Set<String> seen = new HashSet<>();
      for (String v : values) {
        if (!seen.add(v)) {
          throw bad(spec, "value '" + v + "' appears twice");
        }
      }
      axes.put(key, values);
    }
    if (axes.isEmpty()) {
      throw new IllegalArgumentException("--grid: give at least one key=v1,v2,...");
    }
    return new Grid(axes);
  }

  /** The gridded keys, in the order given. */
  public List<String> keys() {
    return new ArrayList<>(axes.keySet());
  }

  /** The cartesian product, the last key varying fastest, each point with a unique name. */
  public List<Point> points() {
    List<Map<String, String>> combos = new ArrayList<>();
    combos.add(new LinkedHashMap<>());
    for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> c : combos) {
        for (String v : axis.getValue()) {
          Map<String, String> m = new LinkedHashMap<>(c);
          m.put(axis.getKey(), v);
          next.add(m);
        }
      }
      combos = next;
    }
    Map<String, String> labels = labels(keys());
    List<Point> points = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (Map<String, String> c : combos) {
      List<String> parts = new ArrayList<>();
      c.forEach((k, v) -> parts.add(labels.get(k) + "-" + safe(v)));
      String name = shorten(String.join("_", parts));
      String unique = name;
      for (int i = 2; !used.add(unique.toLowerCase(Locale.ROOT)); i++) {
        unique = name + "~" + i;
      }
      points.add(new Point(unique, c));
    }
    return points;
  }

  /** Each key's label: its last dotted segment, or the whole key where two keys share it. */
  private static Map<String, String> labels(List<String> keys) {
    Map<String, Integer> count = new HashMap<>();
    for (String k : keys) {
      count.merge(last(k), 1, Integer::sum);
    }
    Map<String, String> labels = new HashMap<>();
    for (String k : keys) {
      labels.put(k, safe(count.get(last(k)) > 1 ? k : last(k)));
    }
    return labels;
  }

  private static String last(String key) {
    return key.substring(key.lastIndexOf('.') + 1);
  }

  /** Keeps letters, digits, '.', '+' and '-'; a comma in a list becomes '+', the rest is dropped or '-'. */
  static String safe(String text) {
    StringBuilder sb = new StringBuilder();
    for (char ch : text.trim().toCharArray()) {
      if (ch < 128 && (Character.isLetterOrDigit(ch) || ch == '.' || ch == '+' || ch == '-')) {
        sb.append(ch);
      } else if (ch == ',') {
        sb.append('+');
      } else if (ch == ' ' || ch == '[' || ch == ']' || ch == '{' || ch == '}' || ch == '"'
          || ch == '\'') {
        continue;
      } else {
        sb.append('-');
      }
    }
    String s = sb.toString();
    return s.isEmpty() || s.equals(".") || s.equals("..") ? "empty" : s;
  }

  /** Cuts over-long names, keeping them unique with a checksum of the whole. */
  private static String shorten(String name) {
    if (name.length() <= MAX_NAME) {
      return name;
    }
    CRC32 crc = new CRC32();
    crc.update(name.getBytes(StandardCharsets.UTF_8));
    return name.substring(0, MAX_NAME - 9) + "~" + String.format("%08x", crc.getValue());
  }

  /** Splits at commas outside brackets and quotes. */
  private static List<String> split(String spec, String text) {
    List<String> values = new ArrayList<>();
    int depth = 0;
    char quote = 0;
    StringBuilder cur = new StringBuilder();
    for (char ch : text.toCharArray()) {
      if (quote != 0) {
        if (ch == quote) {
          quote = 0;
        }
      } else if (ch == '"' || ch == '\'') {
        quote = ch;
      } else if (ch == '[' || ch == '{') {
        depth++;
      } else if (ch == ']' || ch == '}') {
        if (--depth < 0) {
          throw bad(spec, "unbalanced '" + ch + "'");
        }
      } else if (ch == ',' && depth == 0) {
        values.add(value(spec, cur));
        cur.setLength(0);
        continue;
      }
      cur.append(ch);
    }
    if (quote != 0) {
      throw bad(spec, "unclosed quote " + quote);
    }
    if (depth != 0) {
      throw bad(spec, "unclosed bracket");
    }
    values.add(value(spec, cur));
    return values;
  }

  private static String value(String spec, StringBuilder cur) {
    String v = cur.toString().trim();
    if (v.isEmpty()) {
      throw bad(spec, "empty value (values are separated by commas: key=v1,v2)");
    }
    return v;
  }

  private static IllegalArgumentException bad(String spec, String why) {
    return new IllegalArgumentException("--grid '" + spec + "': " + why);
  }
}

package dev.flowmap.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a YAML tree against the config records' components before binding, so that an unknown
 * key or a value of the wrong type gets a message naming its full dotted path, and normalizes
 * numbers for double fields (YAML 1.1 reads {@code 1e-3} and {@code NaN} as strings).
 */
final class TreeChecker {
  private static final PropertyNamingStrategies.NamingBase SNAKE =
      (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
  private static final Pattern DECIMAL =
      Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
  private static final Map<String, Double> SPECIAL = Map.of(
      "nan", Double.NaN, ".nan", Double.NaN,
      "inf", Double.POSITIVE_INFINITY, ".inf", Double.POSITIVE_INFINITY,
      "+inf", Double.POSITIVE_INFINITY, "+.inf", Double.POSITIVE_INFINITY,
      "infinity", Double.POSITIVE_INFINITY, "+infinity", Double.POSITIVE_INFINITY,
      "-inf", Double.NEGATIVE_INFINITY, "-.inf", Double.NEGATIVE_INFINITY);

  private TreeChecker() {
  }

  /** The YAML key of a record component: its name in snake_case. */
  static String yamlKey(String componentName) {
    return SNAKE.translate(componentName);
  }

  /**
   * Checks {@code node} (the whole tree when {@code prefix} is empty) against {@code recordType},
   * replacing numeric values of double fields by double nodes in place.
   */
  static void check(ObjectNode node, Class<?> recordType, String prefix) {
    RecordComponent[] components = recordType.getRecordComponents();
    List<String> names = new ArrayList<>(node.size());
    node.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      String path = prefix.isEmpty() ? name : prefix + "." + name;
      RecordComponent component = find(components, name);
      if (component == null) {
        throw new ConfigException("unknown key '" + path + "'");
      }
      node.set(name, value(node.get(name), component.getGenericType(), path));
    }
  }

  /** Whether the dotted {@code path} names a key of {@code recordType} (a section or a value). */
  static boolean knows(Class<?> recordType, String path) {
    Class<?> type = recordType;
    for (String part : path.split("\\.", -1)) {
      if (type == null || !type.isRecord()) {
        return false;
      }
      RecordComponent component = find(type.getRecordComponents(), part);
      if (component == null) {
        return false;
      }
      type = component.getType();
    }
    return true;
  }

  private static RecordComponent find(RecordComponent[] components, String key) {
    for (RecordComponent c : components) {
      if (yamlKey(c.getName()).equals(key)) {
        return c;
      }
    }
    return null;
  }

  private static JsonNode value(JsonNode node, Type type, String path) {
    if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
      if (!(node instanceof ArrayNode array)) {
        throw mismatch(path, "a list", node);
      }
      Type element = p.getActualTypeArguments()[0];
      for (int i = 0; i < array.size(); i++) {
        array.set(i, value(array.get(i), element, path + "[" + i + "]"));
      }
      return array;
    }
    Class<?> c = (Class<?>) type;
    if (c.isRecord()) {
      if (!(node instanceof ObjectNode object)) {
        throw mismatch(path, "a mapping", node);
      }
      check(object, c, path);
      return object;
    }
    if (c == int.class || c == Integer.class) {
      if (!node.isIntegralNumber() || !node.canConvertToInt()) {
        throw mismatch(path, "an integer", node);
      }
      return node;
    }
    if (c == long.class || c == Long.class) {
      if (!node.isIntegralNumber() || !node.canConvertToLong()) {
        throw mismatch(path, "an integer", node);
      }
      return node;
    }
    if (c == double.class || c == Double.class) {
      return DoubleNode.valueOf(number(node, path));
    }
    if (c == String.class || c.isEnum()) {
      if (!node.isTextual()) {
        throw mismatch(path, "a string", node);
      }
      if (c.isEnum()) {
        Vocabulary.check(path, c, node.textValue());
      }
      return node;
    }
    throw new IllegalStateException("no YAML rule for " + type + " at " + path);
  }

  private static double number(JsonNode node, String path) {
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isTextual()) {
      String text = node.textValue().trim();
      if (DECIMAL.matcher(text).matches()) {
        return Double.parseDouble(text);
      }
      Double special = SPECIAL.get(text.toLowerCase(java.util.Locale.ROOT));
      if (special != null) {
        return special;
      }
    }
    throw mismatch(path, "a number", node);
  }

  private static ConfigException mismatch(String path, String expected, JsonNode node) {
    return new ConfigException(path + ": expected " + expected + ", got " + show(node));
  }

  /** A node as a message shows it: text in single quotes, anything else as YAML-ish JSON. */
  static String show(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "nothing";
    }
    return node.isTextual() ? "'" + node.textValue() + "'" : node.toString();
  }
}

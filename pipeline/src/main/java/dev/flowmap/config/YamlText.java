package dev.flowmap.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/** YAML text to trees, deep merge of trees, and {@code --set key=value} overrides. */
final class YamlText {
  private YamlText() {
  }

  /**
   * Parses YAML text with SnakeYAML's safe constructor (which, unlike Jackson's YAML parser, reads
   * {@code .nan} and {@code 1e-3} as numbers and can refuse duplicate keys); malformed text is an
   * error naming {@code source} and the line.
   */
  static JsonNode parse(String yaml, String source) {
    if (yaml == null || yaml.isBlank()) {
      return MissingNode.getInstance();
    }
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Object value;
    try {
      value = new Yaml(new SafeConstructor(options)).load(yaml);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark();
      String line = mark == null ? "" : " at line " + (mark.getLine() + 1);
      throw new ConfigException(source + ": malformed YAML" + line + ": " + e.getProblem());
    } catch (YAMLException e) {
      throw new ConfigException(source + ": malformed YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (value == null) {
      return MissingNode.getInstance();
    }
    refuseNullKeys(value, "", source);
    return ConfigLoader.MAPPER.valueToTree(value);
  }

  /** A YAML key written as null or ~ has no name to check against the config; say where it is. */
  private static void refuseNullKeys(Object value, String path, String source) {
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (e.getKey() == null) {
          throw new ConfigException(source + ": a key with no name (null or ~) under "
              + (path.isEmpty() ? "the top level" : path));
        }
        String key = path.isEmpty() ? String.valueOf(e.getKey()) : path + "." + e.getKey();
        refuseNullKeys(e.getValue(), key, source);
      }
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        refuseNullKeys(list.get(i), path + "[" + i + "]", source);
      }
    }
  }

  /** Merges {@code over} into {@code base} in place: mappings merge key by key, all else replaces. */
  static void merge(ObjectNode base, ObjectNode over) {
    Iterator<Map.Entry<String, JsonNode>> fields = over.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode old = base.get(field.getKey());
      if (old instanceof ObjectNode oldObject && field.getValue() instanceof ObjectNode newObject) {
        merge(oldObject, newObject);
      } else {
        base.set(field.getKey(), field.getValue().deepCopy());
      }
    }
  }

  /** Applies one "dotted.key=value" override, the value read as a YAML scalar or flow value. */
  static void applySet(ObjectNode tree, String set) {
    applySet(tree, set, "--set");
  }

  /** As above; errors name the override as {@code option key=value} (e.g. "--grid"). */
  static void applySet(ObjectNode tree, String set, String option) {
    int eq = set == null ? -1 : set.indexOf('=');
    if (eq < 0) {
      throw new ConfigException(option + " " + set + ": expected key=value");
    }
    String key = set.substring(0, eq).trim();
    if (!TreeChecker.knows(RunConfig.class, key)) {
      throw new ConfigException(option + " " + set + ": unknown key '" + key + "'");
    }
    String text = set.substring(eq + 1);
    JsonNode value = parse(text, option + " " + set);
    if (value.isMissingNode()) {
      throw new ConfigException(option + " " + set + ": no value after '='");
    }
    String[] parts = key.split("\\.");
    ObjectNode parent = tree;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode next = parent.get(parts[i]);
      if (!(next instanceof ObjectNode nextObject)) {
        throw new ConfigException(option + " " + set + ": "
            + String.join(".", java.util.Arrays.copyOf(parts, i + 1)) + " is not a mapping, got "
            + TreeChecker.show(next));
      }
      parent = nextObject;
    }
    String leaf = parts[parts.length - 1];
    ObjectNode single = parent.objectNode();
    single.set(leaf, value);
    merge(parent, single);
  }
}

package dev.flowmap.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads a {@link RunConfig}: YAML over the defaults, then {@code --set key=value} overrides, then
 * type checks and validation; every user error is a one-line {@link ConfigException}. Enums are
 * read and written by their {@code toString()} names (see {@link Vocabulary}).
 */
public final class ConfigLoader {
  /** Binds and writes trees strictly (the tree checker runs first; these settings back it up). */
  static final YAMLMapper MAPPER = YAMLMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
          DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
          DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
      .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
      .enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .build();

  private ConfigLoader() {
  }

  /** The seed's LSD setup, the config an empty YAML file gives. */
  public static RunConfig defaults() {
    return RunConfig.defaults();
  }

  /** Loads {@code yaml} over the defaults and applies {@code sets} ("dotted.key=value" each). */
  public static RunConfig load(Path yaml, List<String> sets) {
    return load(yaml, sets, List.of());
  }

  /**
   * Like {@link #load(Path, List)}, then applies {@code gridSets} after {@code sets}; their errors
   * name them as {@code --grid key=value} ({@code sweep} checks each grid combination this way).
   */
  public static RunConfig load(Path yaml, List<String> sets, List<String> gridSets) {
    String text;
    try {
      text = Files.readString(yaml);
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file not found: " + yaml);
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + yaml + ": " + e.getMessage());
    }
    return resolve(text, yaml.toString(), sets, gridSets);
  }

  /** Like {@link #load} for YAML text in hand; errors name the source as "config". */
  public static RunConfig fromYamlString(String yaml, List<String> sets) {
    return resolve(yaml, "config", sets, List.of());
  }

  /** The resolved config as snake_case YAML; loading it back gives an equal config. */
  public static String toYaml(RunConfig config) {
    try {
      return MAPPER.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write config as YAML", e);
    }
  }

  private static RunConfig resolve(String yaml, String source, List<String> sets,
                                   List<String> gridSets) {
    ObjectNode tree = MAPPER.valueToTree(RunConfig.defaults());
    JsonNode user = YamlText.parse(yaml, source);
    if (!user.isMissingNode() && !user.isNull()) {
      if (!(user instanceof ObjectNode userObject)) {
        throw new ConfigException(source + ": expected a mapping of sections at the top level, got "
            + TreeChecker.show(user));
      }
      TreeChecker.check(userObject.deepCopy(), RunConfig.class, "");
      YamlText.merge(tree, userObject);
    }
    for (String set : sets) {
      YamlText.applySet(tree, set);
    }
    for (String set : gridSets) {
      YamlText.applySet(tree, set, "--grid");
    }
    TreeChecker.check(tree, RunConfig.class, "");
    return bind(tree);
  }

  private static RunConfig bind(ObjectNode tree) {
    try {
      return MAPPER.treeToValue(tree, RunConfig.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof ConfigException ce) {
          throw ce;
        }
      }
      // The tree was checked against the records first, so this is a bug, not a user error.
      throw new IllegalStateException("config binding failed after checks: " + e.getMessage(), e);
    }
  }
}

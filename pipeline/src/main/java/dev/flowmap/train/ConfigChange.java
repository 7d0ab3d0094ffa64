package dev.flowmap.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.flowmap.config.ConfigLoader;
import dev.flowmap.config.RunConfig;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a resume does with a config that differs from its checkpoint's: the new values are used
 * where the checkpoint's state still fits them, and named in one line; a change the weights or
 * the optimizer state cannot follow (the network's shape, the optimizer) is refused.
 * {@code train.threads: 0} (auto) keeps the worker count the run chose, and the same
 * {@code train.minutes} keeps the steps its budget chose, so neither is a change.
 */
public final class ConfigChange {
  /** Keys (or key prefixes, ending in a dot) whose change the checkpoint cannot follow. */
  static final List<String> FIXED = List.of("model.", "optim.name");
  private static final YAMLMapper YAML = new YAMLMapper();

  private ConfigChange() {}

  /** The config a resume of {@code dir} runs with, given the checkpoint's and the one asked for. */
  public static Resolved resolve(RunConfig checkpoint, RunConfig asked, Path dir) {
    if (asked.train().threads() == 0) {
      asked = Threads.withThreads(asked, checkpoint.train().threads());
    }
    if (asked.train().minutes() > 0 && asked.train().minutes() == checkpoint.train().minutes()) {
      asked = asked.withTrain(asked.train().withSteps(checkpoint.train().steps())); // the budget's choice
    }
    Map<String, String> before = flat(checkpoint);
    Map<String, String> after = flat(asked);
    List<String> changed = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (String key : after.keySet()) {
      if (!after.get(key).equals(before.get(key))) {
        String change = key + " " + before.get(key) + " -> " + after.get(key);
        (fixed(key) ? refused : changed).add(change);
      }
    }
    if (!refused.isEmpty()) {
      throw new CheckpointException("cannot resume " + dir + " with " + String.join(", ", refused)
          + ": the checkpoint's weights and optimizer state do not fit it; keep the checkpoint's"
          + " value, or start afresh with another --out");
    }
    String notice = changed.isEmpty() ? null : "config differs from the checkpoint's: "
        + String.join(", ", changed) + "; resuming with the new values (to start afresh instead,"
        + " use another --out)";
    return new Resolved(asked, notice);
  }

  /** The config to resume with, and the line that names what changed (null when nothing did). */
  public record Resolved(RunConfig config, String notice) {}

  private static boolean fixed(String key) {
    return FIXED.stream().anyMatch(f -> f.endsWith(".") ? key.startsWith(f) : key.equals(f));
  }

  /** Every leaf of the config as dotted key to its YAML scalar (lists as [a, b]). */
  static Map<String, String> flat(RunConfig c) {
    try {
      Map<String, String> out = new LinkedHashMap<>();
      flatten("", YAML.readTree(ConfigLoader.toYaml(c)), out);
      return out;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    if (node.isObject()) {
      node.fields().forEachRemaining(f -> flatten(prefix + f.getKey() + ".", f.getValue(), out));
    } else {
      out.put(prefix.substring(0, prefix.length() - 1), node.isArray() ? node.toString()
          .replace(",", ", ") : node.asText());
    }
  }
}

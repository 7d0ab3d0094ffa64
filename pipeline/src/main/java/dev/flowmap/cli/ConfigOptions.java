package dev.flowmap.cli;

import dev.flowmap.config.ConfigLoader;
import dev.flowmap.config.RunConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The {@code --config FILE} and repeatable {@code --set key=value} options. Without {@code
 * --config}, {@code configs/default.yaml} (a newcomer's first run: the best recipe on a 10-minute
 * budget); {@code bench} takes {@code configs/seed.yaml}, the seed's setup, instead.
 */
final class ConfigOptions {
  /** The config of a command run without {@code --config}. */
  static final Path DEFAULT = Path.of("configs/default.yaml");
  /** The seed's setup, {@code bench}'s default. */
  static final Path SEED = Path.of("configs/seed.yaml");

  @Option(names = "--config",
      description = "YAML config file, default configs/default.yaml (bench: configs/seed.yaml)")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "override a config key (dotted path, e.g. train.steps=1000); repeatable")
  List<String> sets = new ArrayList<>();

  RunConfig load() {
    return ConfigLoader.load(file(), sets);
  }

  /** As {@link #load}, with {@code fallback} in place of {@link #DEFAULT} when no --config was given. */
  RunConfig load(Path fallback) {
    return ConfigLoader.load(config != null ? config : fallback, sets);
  }

  /** The config file named, or {@link #DEFAULT}. */
  Path file() {
    return config != null ? config : DEFAULT;
  }

  /** The config file's base name without extension, for default output directories. */
  String name() {
    String f = file().getFileName().toString();
    int dot = f.lastIndexOf('.');
    return dot > 0 ? f.substring(0, dot) : f;
  }
}

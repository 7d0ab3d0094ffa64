package dev.flowmap.cli;

import dev.flowmap.config.ConfigLoader;
import dev.flowmap.config.RunConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --config FILE} and repeatable {@code --set key=value} options. */
final class ConfigOptions {
  @Option(names = "--config", defaultValue = "configs/default.yaml",
      description = "YAML config file, default ${DEFAULT-VALUE}")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "override a config key (dotted path, e.g. train.steps=1000); repeatable")
  List<String> sets = new ArrayList<>();

  RunConfig load() {
    return ConfigLoader.load(config, sets);
  }

  /** The config file's base name without extension, for default output directories. */
  String name() {
    String f = config.getFileName().toString();
    int dot = f.lastIndexOf('.');
    return dot > 0 ? f.substring(0, dot) : f;
  }
}

package dev.flowmap.cli;

import dev.flowmap.train.CheckpointModel;
import dev.flowmap.train.ComputeContext;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --checkpoint PATH}: the checkpoint file or run directory that eval, sample and serve read. */
final class CheckpointOption {
  @Option(names = "--checkpoint", required = true, description = "checkpoint file or run directory")
  Path checkpoint;

  /** The model and its config, loaded from {@link #checkpoint} into a fresh compute context. */
  CheckpointModel load() {
    return CheckpointModel.load(checkpoint, ComputeContext.create());
  }
}

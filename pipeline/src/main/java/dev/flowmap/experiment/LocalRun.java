package dev.flowmap.experiment;

import dev.flowmap.config.RunConfig;
import dev.flowmap.train.Checkpoint;
import dev.flowmap.train.ComputeContext;
import dev.flowmap.train.RunDirectory;
import dev.flowmap.train.StageTap;
import dev.flowmap.train.StepBudget;
import dev.flowmap.train.Threads;
import dev.flowmap.train.TrainingRun;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Trains one config into one run directory in this JVM, without a server: what {@code compare}
 * does for each method and {@code sweep} for each grid point. The config's {@code train.threads}
 * is resolved (auto measured) and applied first, then train.steps from train.minutes when set (ND4J's thread settings are process-wide, so runs
 * in one JVM go one at a time).
 */
public final class LocalRun {
  private LocalRun() {}

  /**
   * A run of {@code config} in {@code dir}, fresh or from {@code resume} (null for fresh), in the
   * command's compute context.
   */
  public static TrainingRun create(ComputeContext compute, RunConfig config, RunDirectory dir,
                                   Checkpoint resume, boolean progress) {
    long began = System.currentTimeMillis();
    RunConfig resolved = Threads.resolve(compute, config);
    if (resume == null) { // a resume keeps the steps its budget chose
      resolved = StepBudget.resolve(compute, resolved, began, () -> false, System.err);
    }
    return new TrainingRun(resolved, dir, resume,
        new TrainingRun.Options(progress, StageTap.NAME_ONLY, DataType.FLOAT, compute));
  }

  /** The default output directory {@code runs/<prefix>-<yyyyMMdd-HHmmss>}. */
  public static Path timestamped(String prefix) {
    return Path.of("runs", prefix + "-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
  }
}

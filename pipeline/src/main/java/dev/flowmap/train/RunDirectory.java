package dev.flowmap.train;

import dev.flowmap.config.ConfigLoader;
import dev.flowmap.config.RunConfig;
import dev.flowmap.eval.AtomicFiles;
import dev.flowmap.eval.EvalReport;
import dev.flowmap.eval.KlTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The files of one run: config, provenance, the step log, the eval log, the checkpoint, the final
 * KL tables and figures, and what {@code sweep} keeps beside them (wall clock, child log). Every
 * file name of a run directory is written here and nowhere else.
 */
public final class RunDirectory implements AutoCloseable {
  private static final String CONFIG = "config.yaml";
  private static final String PROVENANCE = "provenance.json";
  private static final String TRAIN_LOG = "train.jsonl";
  private static final String EVAL_LOG = "evals.jsonl";
  private static final String KL_JSON = "kl.json";
  private static final String KL_MARKDOWN = "kl.md";
  private static final String TARGET_FIGURE = "target.png";
  private static final String SAMPLES_FIGURE = "samples.png";
  private static final String LOSS_FIGURE = "loss.png";
  /** What {@code sweep} keeps beside a run: its wall-clock segments, and a child JVM's output. */
  public static final String WALL_CLOCK = "wall.json";
  public static final String CHILD_LOG = "train.log";
  private final Path dir;
  private final RunLogs logs;

  public RunDirectory(Path dir) {
    this.dir = dir;
    this.logs = new RunLogs(trainLog(), evalLog());
  }

  /**
   * The run directory of {@code path}, a checkpoint file or a run directory: the directory itself,
   * or the file's parent (null for a bare file name with no parent).
   */
  public static Path of(Path path) {
    return Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
  }

  /** The checkpoint file of {@code path}, a checkpoint file or a run directory. */
  public static Path checkpointOf(Path path) {
    return Files.isDirectory(path) ? path.resolve(Checkpoint.FILE) : path;
  }

  public Path path() {
    return dir;
  }

  public Path checkpoint() {
    return dir.resolve(Checkpoint.FILE);
  }

  /** Logs and results of a run, which a fresh start must not append to or mix with. */
  static final List<String> RESULTS = List.of(TRAIN_LOG, EVAL_LOG, KL_JSON, KL_MARKDOWN, TARGET_FIGURE,
      SAMPLES_FIGURE, LOSS_FIGURE);

  /** Whether this directory already holds a run's checkpoint. */
  public boolean hasCheckpoint() {
    return Files.exists(checkpoint());
  }

  /** The final KL table as JSON, written when the run finishes. */
  public Path klJson() {
    return dir.resolve(KL_JSON);
  }

  /** The final KL table as Markdown. */
  public Path klMarkdown() {
    return dir.resolve(KL_MARKDOWN);
  }

  /** The step log, one JSON line per step. */
  public Path trainLog() {
    return dir.resolve(TRAIN_LOG);
  }

  /** The periodic evaluations, one JSON line each. */
  public Path evalLog() {
    return dir.resolve(EVAL_LOG);
  }

  /** The wall-clock segments {@code sweep} spent on the run. */
  public Path wallClock() {
    return dir.resolve(WALL_CLOCK);
  }

  /** The output of the child JVM that {@code sweep --parallel} trained the run in. */
  public Path childLog() {
    return dir.resolve(CHILD_LOG);
  }

  /** The figure of target samples. */
  Path targetFigure() {
    return dir.resolve(TARGET_FIGURE);
  }

  /** The figure of generated samples per N. */
  Path samplesFigure() {
    return dir.resolve(SAMPLES_FIGURE);
  }

  /** The loss curves. */
  Path lossFigure() {
    return dir.resolve(LOSS_FIGURE);
  }

  /** Whether the run finished: its final KL table exists. */
  public boolean finished() {
    return Files.exists(klJson());
  }

  /** The final evaluation, read back from {@link #klJson()}. */
  public EvalReport finalEval() throws IOException {
    return KlTables.readJson(klJson());
  }

  /**
   * Refuses to start a fresh run in a directory that already holds one.
   *
   * @throws RunDirectoryException naming the directory and the way out
   */
  public void refuseExistingRun() {
    if (hasCheckpoint()) {
      throw new RunDirectoryException("output directory " + dir + " already holds a run ("
          + Checkpoint.FILE + "); use --resume to continue it or choose another --out");
    }
  }

  /**
   * Creates {@code dir} when missing and proves it writable with a probe file.
   *
   * @throws RunDirectoryException naming the directory and why it cannot be written
   */
  public static void ensureWritable(Path dir) {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".write-test", ".tmp");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new RunDirectoryException("cannot write to output directory " + dir + ": "
          + (e instanceof IOException io ? RunDirectoryException.reason(io) : e.getMessage()));
    }
  }

  /**
   * Creates the directory and writes the resolved config and provenance (with the platform the
   * bits depend on, and LSD's frozen teacher, null when none). Logs and results that an earlier
   * start left behind are moved aside first ({@link StaleResults}), so nothing appends to them.
   *
   * @return a one-line notice of what was moved aside, or null when nothing was
   * @throws RunDirectoryException when the directory cannot be written
   */
  String create(RunConfig config, Instant start, Platform platform, Teacher teacher) {
    try {
      Files.createDirectories(dir);
      String notice = StaleResults.moveAside(dir, RESULTS, start);
      AtomicFiles.writeString(dir.resolve(CONFIG), ConfigLoader.toYaml(config));
      AtomicFiles.writeString(dir.resolve(PROVENANCE), Provenance.json(config, start, platform,
          teacher));
      return notice;
    } catch (IOException e) {
      throw new RunDirectoryException("cannot write run directory " + dir + ": "
          + RunDirectoryException.reason(e));
    }
  }

  /** Rewrites {@code config.yaml} with a resumed run's config (its --set overrides included). */
  void rewriteConfig(RunConfig config) throws IOException {
    AtomicFiles.writeString(dir.resolve(CONFIG), ConfigLoader.toYaml(config));
  }

  /** The step and eval logs ({@link #trainLog()}, {@link #evalLog()}), one writer per directory. */
  RunLogs logs() {
    return logs;
  }

  @Override
  public void close() throws IOException {
    logs.close();
  }
}

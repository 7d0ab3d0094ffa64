package dev.flowmap.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowmap.config.ConfigLoader;
import dev.flowmap.config.RunConfig;
import dev.flowmap.eval.AtomicFiles;
import dev.flowmap.eval.EvalReport;
import dev.flowmap.eval.KlTables;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The files of one run: config, provenance, the step log, the eval log, the checkpoint, the final
 * KL tables and figures, and what {@code sweep} keeps beside them (wall clock, child log). Every
 * file name of a run directory is written here and nowhere else.
 */
public final class RunDirectory implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
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
  private BufferedWriter trainLog;

  public RunDirectory(Path dir) {
    this.dir = dir;
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
   * bits depend on). Logs and results that an
   * earlier start left behind are moved into {@code stale-<time>/} first (that start wrote no
   * checkpoint: a directory with one is refused a fresh start), so nothing appends to them.
   *
   * @return a one-line notice of what was moved aside, or null when nothing was
   * @throws RunDirectoryException when the directory cannot be written
   */
  String create(RunConfig config, Instant start, Platform platform) {
    try {
      Files.createDirectories(dir);
      String notice = moveAsideStale(start);
      AtomicFiles.writeString(dir.resolve(CONFIG), ConfigLoader.toYaml(config));
      ObjectNode p = JSON.createObjectNode();
      p.put("seed", config.train().seed());
      p.put("git_commit", Provenance.gitCommit());
      p.put("nd4j_backend", Nd4j.getBackend().getClass().getSimpleName());
      p.put("blas", Provenance.blas());
      p.put("java", System.getProperty("java.version"));
      p.put("jdk", platform.jdk());
      p.put("cpu", platform.cpu());
      p.put("elementwise_path", platform.elementwisePath());
      p.put("cores", Runtime.getRuntime().availableProcessors());
      p.put("start_time", start.toString());
      AtomicFiles.writeString(dir.resolve(PROVENANCE), JSON.writerWithDefaultPrettyPrinter()
          .writeValueAsString(p));
      return notice;
    } catch (IOException e) {
      throw new RunDirectoryException("cannot write run directory " + dir + ": "
          + RunDirectoryException.reason(e));
    }
  }

  private String moveAsideStale(Instant start) throws IOException {
    List<String> found = RESULTS.stream().filter(f -> Files.exists(dir.resolve(f))).toList();
    if (found.isEmpty()) {
      return null;
    }
    String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
        .withZone(java.time.ZoneOffset.UTC).format(start);
    Path aside = dir.resolve("stale-" + stamp);
    for (int i = 2; Files.exists(aside); i++) {
      aside = dir.resolve("stale-" + stamp + "-" + i);
    }
    Files.createDirectories(aside);
    for (String f : found) {
      Files.move(dir.resolve(f), aside.resolve(f));
    }
    return "fresh start in " + dir + ": moved " + String.join(", ", found)
        + " of an earlier start that wrote no checkpoint to " + aside;
  }

  /** Rewrites {@code config.yaml} with a resumed run's config (its --set overrides included). */
  void rewriteConfig(RunConfig config) throws IOException {
    AtomicFiles.writeString(dir.resolve(CONFIG), ConfigLoader.toYaml(config));
  }

  /** Keeps only the step and eval log lines up to {@code step} (a resumed run redoes what came after). */
  void truncateLog(long step) throws IOException {
    truncate(trainLog(), step);
    truncate(evalLog(), step);
  }

  private static void truncate(Path log, long step) throws IOException {
    if (!Files.exists(log)) {
      return;
    }
    List<String> kept = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      if (!line.isBlank() && JSON.readTree(line).path("step").asLong() <= step) {
        kept.add(line);
      }
    }
    AtomicFiles.writeString(log, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
  }

  /** Whether {@code evals.jsonl} holds an evaluation of {@code step}. */
  boolean hasEval(long step) {
    Path log = evalLog();
    try {
      if (Files.exists(log)) {
        for (String line : Files.readAllLines(log)) {
          if (!line.isBlank() && JSON.readTree(line).path("step").asLong() == step) {
            return true;
          }
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Appends one step event to {@code train.jsonl}. */
  void logStep(StepEvent e) {
    try {
      if (trainLog == null) {
        trainLog = Files.newBufferedWriter(trainLog(), StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      }
      ObjectNode n = JSON.createObjectNode();
      n.put("step", e.step());
      n.put("method", e.method().toString());
      ObjectNode losses = n.putObject("losses");
      e.losses().forEach(losses::put);
      n.put("grad_norm", e.gradNorm());
      n.put("lr", e.learningRate());
      n.put("ema_decay", e.emaDecay());
      n.put("step_ms", e.stepNanos() / 1e6);
      trainLog.write(JSON.writeValueAsString(n));
      trainLog.newLine();
      trainLog.flush();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /**
   * Appends one evaluation to {@code evals.jsonl}, with the wall-clock {@code time} it was logged
   * (so {@code sweep} can plot KL against minutes).
   */
  void logEval(EvalReport r) throws IOException {
    ObjectNode n = (ObjectNode) JSON.readTree(KlTables.toJson(r, false));
    n.put("time", Instant.now().toString());
    Files.writeString(evalLog(), JSON.writeValueAsString(n) + "\n",
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** Loss curves read back from {@code train.jsonl}: term to {steps[], values[]}. */
  Map<String, double[][]> lossCurves() throws IOException {
    Map<String, List<double[]>> points = new TreeMap<>();
    Path log = trainLog();
    if (Files.exists(log)) {
      for (String line : Files.readAllLines(log)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = JSON.readTree(line);
        double step = n.path("step").asDouble();
        n.path("losses").fields().forEachRemaining(f ->
            points.computeIfAbsent(f.getKey(), k -> new ArrayList<>())
                .add(new double[] {step, f.getValue().asDouble()}));
      }
    }
    Map<String, double[][]> curves = new TreeMap<>();
    points.forEach((term, list) -> {
      double[][] xy = new double[2][list.size()];
      for (int i = 0; i < list.size(); i++) {
        xy[0][i] = list.get(i)[0];
        xy[1][i] = list.get(i)[1];
      }
      curves.put(term, xy);
    });
    return curves;
  }

  @Override
  public void close() throws IOException {
    if (trainLog != null) {
      trainLog.close();
      trainLog = null;
    }
  }
}

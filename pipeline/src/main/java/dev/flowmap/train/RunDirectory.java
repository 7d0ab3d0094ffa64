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

/** The files of one run: config, provenance, the step log, the eval log and the checkpoint. */
public final class RunDirectory implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private final Path dir;
  private BufferedWriter trainLog;

  public RunDirectory(Path dir) {
    this.dir = dir;
  }

  public Path path() {
    return dir;
  }

  public Path checkpoint() {
    return dir.resolve(Checkpoint.FILE);
  }

  /** Logs and results of a run, which a fresh start must not append to or mix with. */
  static final List<String> RESULTS = List.of("train.jsonl", "evals.jsonl", "kl.json", "kl.md",
      "target.png", "samples.png", "loss.png");

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
      AtomicFiles.writeString(dir.resolve("config.yaml"), ConfigLoader.toYaml(config));
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
      AtomicFiles.writeString(dir.resolve("provenance.json"), JSON.writerWithDefaultPrettyPrinter()
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
    AtomicFiles.writeString(dir.resolve("config.yaml"), ConfigLoader.toYaml(config));
  }

  /** Keeps only the step and eval log lines up to {@code step} (a resumed run redoes what came after). */
  void truncateLog(long step) throws IOException {
    truncate(dir.resolve("train.jsonl"), step);
    truncate(dir.resolve("evals.jsonl"), step);
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
    Path log = dir.resolve("evals.jsonl");
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
        trainLog = Files.newBufferedWriter(dir.resolve("train.jsonl"), StandardCharsets.UTF_8,
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
    Files.writeString(dir.resolve("evals.jsonl"), JSON.writeValueAsString(n) + "\n",
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** Loss curves read back from {@code train.jsonl}: term to {steps[], values[]}. */
  Map<String, double[][]> lossCurves() throws IOException {
    Map<String, List<double[]>> points = new TreeMap<>();
    Path log = dir.resolve("train.jsonl");
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

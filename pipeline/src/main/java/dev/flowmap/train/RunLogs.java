package dev.flowmap.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/**
 * A run's two JSON-lines logs, at the paths its {@link RunDirectory} names: the step log (one
 * line per step, appended through one open writer) and the evaluation log; cut back to a step
 * when a run resumes, and read back for the loss figure.
 */
final class RunLogs implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path trainLog;
  private final Path evalLog;
  private BufferedWriter steps;

  RunLogs(Path trainLog, Path evalLog) {
    this.trainLog = trainLog;
    this.evalLog = evalLog;
  }

  /** Keeps only the step and eval log lines up to {@code step} (a resumed run redoes what came after). */
  void truncate(long step) throws IOException {
    truncate(trainLog, step);
    truncate(evalLog, step);
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

  /** Whether the eval log holds an evaluation of {@code step}. */
  boolean hasEval(long step) {
    try {
      if (Files.exists(evalLog)) {
        for (String line : Files.readAllLines(evalLog)) {
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

  /** Appends one step event to the step log. */
  void step(StepEvent e) {
    try {
      if (steps == null) {
        steps = Files.newBufferedWriter(trainLog, StandardCharsets.UTF_8,
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
      if (e.skipped()) {
        n.put("rolled_back", true); // not applied: the run went back to its last checkpoint
      }
      steps.write(JSON.writeValueAsString(n));
      steps.newLine();
      steps.flush();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /**
   * Appends one evaluation to the eval log, with the wall-clock {@code time} it was logged (so
   * {@code sweep} can plot KL against minutes).
   */
  void eval(EvalReport r) throws IOException {
    ObjectNode n = (ObjectNode) JSON.readTree(KlTables.toJson(r, false));
    n.put("time", Instant.now().toString());
    Files.writeString(evalLog, JSON.writeValueAsString(n) + "\n",
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** Loss curves read back from the step log: term to {steps[], values[]}. */
  Map<String, double[][]> lossCurves() throws IOException {
    Map<String, List<double[]>> points = new TreeMap<>();
    if (Files.exists(trainLog)) {
      for (String line : Files.readAllLines(trainLog)) {
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

  /** Closes the step log's writer; a later step opens it again. */
  @Override
  public void close() throws IOException {
    if (steps != null) {
      steps.close();
      steps = null;
    }
  }
}

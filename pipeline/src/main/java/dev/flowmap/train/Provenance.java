package dev.flowmap.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowmap.config.RunConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where a run came from: its seed, the source commit, the numeric backend, the platform and, for
 * Lagrangian map distillation, the teacher's path and the SHA-256 of its weights.
 */
final class Provenance {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Provenance() {}

  /**
   * The provenance of a run of {@code config} started at {@code start} with {@code teacher} (null
   * when none), as pretty JSON.
   */
  static String json(RunConfig config, Instant start, Platform platform, Teacher teacher)
      throws JsonProcessingException {
    ObjectNode p = JSON.createObjectNode();
    p.put("seed", config.train().seed());
    p.put("git_commit", gitCommit());
    p.put("nd4j_backend", Nd4j.getBackend().getClass().getSimpleName());
    p.put("blas", blas());
    p.put("blas_core", platform.blasCore());
    p.put("java", System.getProperty("java.version"));
    p.put("jdk", platform.jdk());
    p.put("cpu", platform.cpu());
    p.put("elementwise_path", platform.elementwisePath());
    p.put("cores", Runtime.getRuntime().availableProcessors());
    p.put("start_time", start.toString());
    if (teacher != null) {
      ObjectNode t = p.putObject("teacher");
      t.put("path", teacher.path());
      t.put("weights_sha256", teacher.digest());
    }
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(p);
  }

  /** The git commit of the working directory, "unknown" outside a checkout. */
  static String gitCommit() {
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "unknown";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  /** The BLAS library ND4J uses. */
  static String blas() {
    try {
      return String.valueOf(Nd4j.factory().blas().getBlasVendor());
    } catch (RuntimeException e) {
      return "unknown";
    }
  }
}

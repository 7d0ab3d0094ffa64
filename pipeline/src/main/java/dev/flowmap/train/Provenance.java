package dev.flowmap.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowmap.config.RunConfig;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where a run came from: its seed, the commit the jar was built from, the numeric backend, the
 * platform and, for Lagrangian map distillation, the teacher's path and the SHA-256 of its
 * weights.
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

  /** Where the build writes the commit it was built from (the pom's git-commit-id plugin). */
  static final String BUILD_PROPERTIES = "/dev/flowmap/build.properties";

  /**
   * The commit these classes were built from, with "-dirty" when the build's work tree had
   * uncommitted changes, or "unknown" when the build had no git checkout. It is the jar's commit,
   * not that of the directory the command runs in: a jar built at one commit and run from a
   * checkout at another records the first.
   */
  static String gitCommit() {
    Properties build = new Properties();
    try (InputStream in = Provenance.class.getResourceAsStream(BUILD_PROPERTIES)) {
      if (in != null) {
        build.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return gitCommit(build);
  }

  /**
   * The commit named by build properties {@code build} (git.commit.id, git.dirty), as {@link
   * #gitCommit()} describes.
   */
  static String gitCommit(Properties build) {
    String id = build.getProperty("git.commit.id", "").trim();
    if (!id.matches("[0-9a-f]{40}")) {
      return "unknown";
    }
    boolean dirty = Boolean.parseBoolean(build.getProperty("git.dirty", "false").trim());
    return dirty ? id + "-dirty" : id;
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

package dev.flowmap.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.factory.Nd4j;

/** Where a run came from: the source commit and the numeric backend. */
final class Provenance {
  private Provenance() {}

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

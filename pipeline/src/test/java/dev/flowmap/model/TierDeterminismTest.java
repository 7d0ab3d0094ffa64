package dev.flowmap.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fused kernels give the same bytes whichever JIT tier runs them: {@link KernelDigest} in
 * fresh JVMs, interpreted only ({@code -Xint}), compiled by C1 only, and compiled by C2 after a
 * warm-up, which the C2 JVM's compilation log must show before its last digest. A kernel that
 * leans on the JIT's own math (as {@code lanewise(EXP)} did) gives the interpreter's bits in one
 * JVM and the vector stubs' in another.
 */
class TierDeterminismTest {
  private static final Pattern DIGEST = Pattern.compile("(?m)^(first|last) ([0-9a-f]{64})$");
  private static final List<String> C2_COMPILED = List.of("Forward::full", "Forward::second",
      "Forward::masked", "Backward::full", "Backward::masked");

  @Test
  void interpreterC1AndC2GiveTheSameBytes(@TempDir Path tmp) throws Exception {
    String interpreted = run(tmp, "xint", List.of("-Xint"), 1);
    String c1 = run(tmp, "c1", List.of("-XX:TieredStopAtLevel=1", "-Xbatch"), 400);
    String c2 = run(tmp, "c2", List.of("-Xbatch", "-XX:+PrintCompilation"), 2000);

    List<String> i = digests(interpreted);
    List<String> one = digests(c1);
    List<String> two = digests(c2);
    assertThat(i).as("interpreter: %s", interpreted).hasSize(2);
    assertThat(one).as("C1: %s", c1).hasSize(2);
    assertThat(two).as("C2: %s", c2).hasSize(2);
    String before = c2.substring(0, c2.indexOf("last "));
    for (String m : C2_COMPILED) {
      assertThat(before).as("C2 compiled VectorKernels$%s before the last digest", m)
          .containsPattern("\\s4\\s+dev\\.flowmap\\.model\\.VectorKernels\\$"
              + Pattern.quote(m) + " ");
    }
    assertThat(one).as("C1, first and after 400 runs, against the interpreter")
        .containsOnly(i.get(0));
    assertThat(two).as("C2, first and after 2000 runs, against the interpreter")
        .containsOnly(i.get(0));
  }

  private static List<String> digests(String out) {
    List<String> d = new ArrayList<>();
    Matcher m = DIGEST.matcher(out);
    while (m.find()) {
      d.add(m.group(2));
    }
    return d;
  }

  /** Runs KernelDigest in a fresh JVM with {@code options}; returns what it printed. */
  private static String run(Path tmp, String name, List<String> options, int repeats)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
    cmd.addAll(Fused.jvmOptions());
    cmd.addAll(options);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
        KernelDigest.class.getName(), Integer.toString(repeats)));
    Path out = tmp.resolve(name + ".out");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().put("OMP_NUM_THREADS", "1");
    Process p = pb.start();
    boolean done = p.waitFor(300, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    String text = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(done).as("%s JVM within 300 s: %s", name, text).isTrue();
    assertThat(p.exitValue()).as("%s JVM exit: %s", name, text).isZero();
    return text;
  }
}

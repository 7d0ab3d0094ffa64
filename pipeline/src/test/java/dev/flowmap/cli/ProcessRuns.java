package dev.flowmap.cli;

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

/** The launcher's JVM as a child process, for what only a real process shows: signals, the URL it prints. */
final class ProcessRuns {
  private ProcessRuns() {}

  /** Starts {@code Main} with {@code args}, stdout and stderr going to the two files. */
  static Process start(Path stdout, Path stderr, String... args) throws IOException {
    return startMain("dev.flowmap.cli.Main", stdout, stderr, args);
  }

  /**
   * Starts {@code mainClass} from the test classpath, with the vector module when this JVM has it
   * (as the launcher does), stdout and stderr going to the two files.
   */
  static Process startMain(String mainClass, Path stdout, Path stderr, String... args) throws IOException {
    return startMain(List.of(), mainClass, stdout, stderr, args);
  }

  /** The same with {@code jvmOptions} too (such as a JIT setting). */
  static Process startMain(List<String> jvmOptions, String mainClass, Path stdout, Path stderr,
                           String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
    cmd.addAll(dev.flowmap.model.Fused.jvmOptions());
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    pb.environment().put("OMP_NUM_THREADS", "1");
    return pb.start();
  }

  /** Sends SIGTERM or SIGINT (Ctrl-C) to the process. */
  static void signal(Process p, String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).as("kill -%s %d", signal, p.pid()).isZero();
  }

  /** Waits at most {@code seconds} for the process to exit; true when it did. */
  static boolean exits(Process p, long seconds) throws InterruptedException {
    return p.waitFor(seconds, TimeUnit.SECONDS);
  }

  /** Waits (bounded at 240 s) until {@code file} has a match of {@code pattern}, and returns it. */
  static Matcher await(Process p, Path file, Pattern pattern) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    while (true) {
      String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
      Matcher m = pattern.matcher(text);
      if (m.find()) {
        return m;
      }
      assertThat(p.isAlive()).as("exited before printing %s: %s", pattern, text).isTrue();
      assertThat(System.nanoTime()).as("no %s within 240 s: %s", pattern, text).isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}

package dev.flowmap.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The second Ctrl-C: a child JVM that writes checkpoints in a loop and never honours the first
 * request exits with 130 on the second, saying which checkpoint is kept, and that file still
 * reads back whole (writes go to a temporary file that is then renamed).
 */
class StopSignalsTest {
  @TempDir
  Path tmp;

  /** The child: installs the run's handlers, then writes checkpoints until it is halted. */
  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0]);
    StopRequest stop = new StopRequest();
    StopSignals.forRun(stop, file, System.err);
    Checkpoint ck = new Checkpoint("train: {}\n", 1, Nd4j.rand(1, 2_000_000).reshape(2_000_000),
        List.of(), null);
    for (long i = 0; ; i++) {
      ck.write(file);
      if (i == 0) {
        System.err.println("first checkpoint written");
      }
    }
  }

  @Test
  void theSecondSignalExitsAtOnceLeavingTheLastCheckpointWhole() throws Exception {
    Path file = tmp.resolve(Checkpoint.FILE);
    Path err = tmp.resolve("err.txt");
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), StopSignalsTest.class.getName(), file.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(err.toFile()).start();
    try {
      await(p, err, "first checkpoint written");
      kill(p, "INT");
      await(p, err, "stopping:");
      assertThat(p.isAlive()).as("the first signal only asks").isTrue();
      kill(p, "INT");
      // a liveness guard (the child would otherwise write checkpoints forever), not a speed check
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(Files.readString(err)).isTrue();
    } finally {
      p.destroyForcibly();
    }
    String text = Files.readString(err, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(text).isEqualTo(StopSignals.EXIT_AT_ONCE);
    assertThat(text).contains("exiting at once: " + file + " holds the last checkpoint written");
    Checkpoint back = Checkpoint.read(file);
    assertThat(back.step()).isEqualTo(1);
    assertThat(back.params().length()).isEqualTo(2_000_000);
  }

  private static void kill(Process p, String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
  }

  private static void await(Process p, Path file, String text) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!(Files.exists(file) && Files.readString(file).contains(text))) {
      assertThat(p.isAlive()).as("exited before printing %s: %s", text, Files.readString(file)).isTrue();
      assertThat(System.nanoTime()).as("no %s within 120 s (liveness guard)", text).isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}

package dev.flowmap.soak;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code flowmap train --kafka} as its own JVM, started the way the launcher starts it, so that
 * its resident memory and open files are its own; read from {@code /proc}.
 */
final class SoakTrainer implements AutoCloseable {
  /** Heap fixed and touched up front: resident memory then grows only with what is not heap. */
  static final List<String> JVM = List.of("--add-modules", "jdk.incubator.vector", "-XX:+UseG1GC",
      "-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch");
  private static final Pattern URL = Pattern.compile("live view: (http://[^/ ]+)/");

  private final Process process;
  private final Path stderr;
  private final URI base;

  private SoakTrainer(Process process, Path stderr, URI base) {
    this.process = process;
    this.stderr = stderr;
    this.base = base;
  }

  /** Starts training the smoke preset for (practically) ever, publishing to {@code topic}. */
  static SoakTrainer start(Path dir, String bootstrap, String topic) throws Exception {
    Files.createDirectories(dir);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(JVM);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.flowmap.cli.Main",
        "train", "--config", config().toString(), "--out", dir.resolve("run").toString(),
        "--port", "0", "--no-progress", "--kafka", bootstrap, "--kafka-topic", topic,
        "--set", "train.steps=1000000000", "--set", "train.eval_every=2000",
        "--set", "train.checkpoint_every=1000", "--set", "train.log_every=100"));
    Path out = dir.resolve("trainer.out");
    Path err = dir.resolve("trainer.err");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("OMP_NUM_THREADS", "1");
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    Process p = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (true) {
      Matcher m = URL.matcher(Files.exists(err) ? Files.readString(err, StandardCharsets.UTF_8) : "");
      if (m.find()) {
        return new SoakTrainer(p, err, URI.create(m.group(1)));
      }
      if (!p.isAlive() || System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new AssertionError("trainer did not print its URL: " + tail(err));
      }
      Thread.sleep(200);
    }
  }

  private static Path config() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path c = d.resolve("configs/smoke.yaml");
      if (Files.exists(c)) {
        return c;
      }
    }
    throw new IllegalStateException("configs/smoke.yaml not found above " + Path.of("").toAbsolutePath());
  }

  URI base() {
    return base;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Resident set size in bytes (VmRSS). */
  long rssBytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IllegalStateException("no VmRSS for " + pid());
  }

  /** Open file descriptors (sockets and pipes included). */
  long openFds() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid()), "fd"))) {
      return fds.count();
    }
  }

  /** A full collection in the trainer ({@code jcmd PID GC.run}), so the heap after GC is its live set. */
  void fullGc() throws Exception {
    Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(pid()), "GC.run").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!jcmd.waitFor(120, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
      jcmd.destroyForcibly();
      throw new AssertionError("jcmd " + pid() + " GC.run failed");
    }
  }

  /** SIGTERM, as Ctrl-C: the trainer finishes its step, writes its checkpoint and exits 0. */
  int stop() throws Exception {
    new ProcessBuilder("kill", "-TERM", Long.toString(pid())).inheritIO().start().waitFor();
    if (!process.waitFor(180, TimeUnit.SECONDS)) {
      throw new AssertionError("trainer did not exit within 180 s of SIGTERM");
    }
    return process.exitValue();
  }

  String tail() {
    return tail(stderr);
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }
}

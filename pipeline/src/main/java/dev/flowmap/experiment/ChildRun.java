package dev.flowmap.experiment;

import dev.flowmap.model.Fused;
import dev.flowmap.train.RunDirectory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code flowmap train --resume} for one run directory in a child JVM (the same java and
 * classpath), its output appended to {@code train.log} there. {@code sweep --parallel P} uses it:
 * ND4J's and OpenBLAS's thread settings are process-wide, so only separate processes can each
 * hold their own {@code train.threads}; the child's Ctrl-C/SIGTERM handling writes a checkpoint.
 */
public final class ChildRun {
  private ChildRun() {}

  /**
   * The command line: this JVM's java, its vector module, heap and -D/-XX options, classpath,
   * then {@code mainClass train}.
   */
  static List<String> command(String mainClass, Path config, List<String> sets, Path runDir) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(Fused.jvmOptions());
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("-Xm") || a.startsWith("-D") || a.startsWith("-XX:")) {
        cmd.add(a);
      }
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass,
        "train", "--config", config.toString(), "--out", runDir.toString(), "--resume",
        "--no-serve", "--no-progress"));
    for (String s : sets) {
      cmd.add("--set");
      cmd.add(s);
    }
    return cmd;
  }

  /** Starts the child. */
  static Process start(String mainClass, Path config, List<String> sets, Path runDir)
      throws IOException {
    Files.createDirectories(runDir);
    return new ProcessBuilder(command(mainClass, config, sets, runDir)).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(new RunDirectory(runDir).childLog().toFile()))
        .redirectInput(ProcessBuilder.Redirect.PIPE)
        .start();
  }

  /** The last non-blank line of the child's log (its one-line error, if it failed). */
  static String lastLine(Path runDir) {
    try {
      List<String> lines = Files.readAllLines(new RunDirectory(runDir).childLog());
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (!lines.get(i).isBlank()) {
          return lines.get(i).trim();
        }
      }
    } catch (IOException e) {
      return "(no " + RunDirectory.CHILD_LOG + ")";
    }
    return "(empty " + RunDirectory.CHILD_LOG + ")";
  }
}

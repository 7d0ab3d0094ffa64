package dev.flowmap.train;

import dev.flowmap.model.OpenBlas;
import dev.flowmap.model.Ops;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What a run's bits depend on beyond its config: the hidden layers' element-wise path ({@code
 * fused} Vector API kernels or {@code nd4j} ops, which round differently), the JDK, the CPU and
 * the OpenBLAS core whose GEMM kernels run on it ({@link OpenBlas#coreName}; the same CPU can run
 * several, and their sums round differently). Written into provenance and checkpoints, so that a
 * resume on another path can say that its numbers will not continue the run's bit for bit.
 * {@code blasCore} is {@value #UNRECORDED} in checkpoints from before it was recorded.
 */
public record Platform(String elementwisePath, String jdk, String cpu, String blasCore) {
  /** The core of a checkpoint written before the core was recorded (format 5 and older). */
  public static final String UNRECORDED = "unrecorded";

  /** This JVM on this machine, for passes over weights of {@code dtype} running as {@code ops} say. */
  public static Platform current(Ops ops, DataType dtype) {
    return new Platform(ops.path(dtype), System.getProperty("java.vm.version"), cpuModel(),
        OpenBlas.coreName());
  }

  /**
   * One line for a resume from a checkpoint written on {@code then}, when the element-wise path,
   * the CPU or the OpenBLAS core differs from this one; empty when they match or the checkpoint
   * predates the record (an unrecorded core counts as the same).
   */
  public Optional<String> resumeNote(Platform then) {
    if (then == null) {
      return Optional.empty();
    }
    List<String> diff = new ArrayList<>();
    if (!then.elementwisePath.equals(elementwisePath)) {
      diff.add("element-wise path " + then.elementwisePath + ", now " + elementwisePath);
    }
    if (!then.cpu.equals(cpu)) {
      diff.add("CPU " + then.cpu + ", now " + cpu);
    }
    if (!then.blasCore.equals(UNRECORDED) && !then.blasCore.equals(blasCore)) {
      diff.add("OpenBLAS core " + then.blasCore + ", now " + blasCore);
    }
    if (diff.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("note: the checkpoint was written with " + String.join(" and ", diff)
        + "; the resumed steps will not be bit-identical to an uninterrupted run");
  }

  /**
   * The OpenBLAS core ND4J's GEMM runs with ({@link OpenBlas#coreName}), with the value of {@code
   * OPENBLAS_CORETYPE} when the environment sets it, and on an AMD CPU with AVX-512 (Zen 4 and
   * newer) that runs another core the suggestion of {@code SkylakeX}: OpenBLAS 0.3.19 does not know
   * these CPUs and falls back to weaker kernels. One line for {@code bench} and logs.
   */
  public static String blasCoreLine() {
    return blasCoreLine(OpenBlas.coreName(), System.getenv("OPENBLAS_CORETYPE"), amdWithAvx512());
  }

  /** As above, for the {@code core} running, the variable's {@code coreType} (null: unset) and the CPU. */
  static String blasCoreLine(String core, String coreType, boolean amdWithAvx512) {
    List<String> notes = new ArrayList<>();
    if (coreType != null) {
      notes.add("OPENBLAS_CORETYPE=" + coreType);
    }
    if (amdWithAvx512 && !core.equals("SkylakeX") && !core.equals("Cooperlake")) {
      notes.add("an AMD CPU with AVX-512, Zen 4 or newer: SkylakeX's kernels ran faster on a Zen 5,"
          + " and the launcher picks them when OPENBLAS_CORETYPE is unset, see docs/speed.md");
    }
    return notes.isEmpty() ? core : core + " (" + String.join("; ", notes) + ")";
  }

  /** Whether /proc/cpuinfo names an AMD CPU with AVX-512 (Zen 4 and newer have it, earlier Zens not). */
  static boolean amdWithAvx512() {
    try {
      return amdWithAvx512(Files.readAllLines(Path.of("/proc/cpuinfo")));
    } catch (IOException | RuntimeException e) {
      return false; // not Linux, or not readable
    }
  }

  /** As above, from the lines of a /proc/cpuinfo (its first CPU). */
  static boolean amdWithAvx512(List<String> cpuinfo) {
    boolean amd = false;
    for (String line : cpuinfo) {
      if (line.startsWith("vendor_id")) {
        amd = line.contains("AuthenticAMD");
      } else if (line.startsWith("flags")) {
        return amd && (line + " ").contains(" avx512f ");
      }
    }
    return false;
  }

  /** The CPU's model name from /proc/cpuinfo, or the architecture where there is none. */
  static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or not readable: fall through
    }
    return System.getProperty("os.arch");
  }
}

package dev.flowmap.model;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * Whether a pass runs its hidden layers' element-wise work as {@link VectorKernels} (one fused
 * pass each way) or as ND4J ops: fused for float32 when the JVM has the
 * {@code jdk.incubator.vector} module ({@code --add-modules jdk.incubator.vector}, as the
 * launcher passes it) unless {@code -Dflowmap.fused=false}. Double precision, used by the
 * finite-difference checks, always runs the ND4J ops.
 */
public final class Fused {
  private static final boolean MODULE =
      ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  private Fused() {}

  /** Whether passes over weights of this type use the fused kernels. */
  public static boolean on(DataType dtype) {
    return dtype == DataType.FLOAT && available();
  }

  /** The element-wise path of passes over weights of this type: {@code fused} or {@code nd4j}. */
  public static String path(DataType dtype) {
    return on(dtype) ? "fused" : "nd4j";
  }

  /** Whether the fused kernels can run in this JVM and are not switched off. */
  public static boolean available() {
    return MODULE && !"false".equals(System.getProperty("flowmap.fused"));
  }

  /** The JVM options that give a child JVM the fused kernels too: none if this JVM lacks them. */
  public static java.util.List<String> jvmOptions() {
    return MODULE ? java.util.List.of("--add-modules", "jdk.incubator.vector") : java.util.List.of();
  }

  /** One line for logs and {@code bench}: which element-wise path float32 passes take. */
  public static String describe() {
    if (!MODULE) {
      return "ND4J ops (the JVM lacks --add-modules jdk.incubator.vector)";
    }
    if (!available()) {
      return "ND4J ops (-Dflowmap.fused=false)";
    }
    return "fused Vector API kernels, " + VectorKernels.lanes() + " float lanes";
  }
}

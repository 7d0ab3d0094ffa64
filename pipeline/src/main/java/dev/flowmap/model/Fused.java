package dev.flowmap.model;

import java.util.List;

/**
 * What this JVM offers the fused {@link VectorKernels}: whether it has the {@code
 * jdk.incubator.vector} module ({@code --add-modules jdk.incubator.vector}, as the launcher
 * passes it), a fact of the JVM fixed at its start. Whether a compute context uses them is
 * decided once, when its {@link Ops} is created.
 */
public final class Fused {
  private static final boolean MODULE =
      ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  private Fused() {}

  /** Whether this JVM has the vector module, so that the fused kernels can run. */
  public static boolean moduleLoaded() {
    return MODULE;
  }

  /** The JVM options that give a child JVM the fused kernels too: none if this JVM lacks them. */
  public static List<String> jvmOptions() {
    return MODULE ? List.of("--add-modules", "jdk.incubator.vector") : List.of();
  }
}

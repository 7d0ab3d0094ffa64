package dev.flowmap.train;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Sets ND4J's two thread pools from {@code train.threads}, once, before the first step: the
 * element-wise pool (libnd4j's own threads, {@code Environment.setMaxMasterThreads/setMaxThreads})
 * and OpenBLAS's GEMM threads. They are separate pools that each default to every core, and on two
 * shared cores their spinning threads oversubscribe the CPU: measured with {@code bench}, two
 * element-wise threads made a default-config step 3 to 8 times slower than one, and a second
 * GEMM thread gained nothing (plain GEMM 71 GFLOP/s on two threads, 68 on one, other jobs running).
 *
 * <p>{@code threads = n > 0} gives n threads to each pool; {@code 0} (auto) gives the element-wise
 * ops one thread, since they are short memory-bound passes where waking a second thread costs
 * more than it saves, and GEMM every core but one (so one on two cores; more cores unmeasured),
 * leaving a core to the JVM, the batch sampler and the server.
 */
public final class Threads {
  /** The settings in force: element-wise threads and GEMM threads. */
  public record Choice(int elementwise, int blas) {
    @Override
    public String toString() {
      return "element-wise threads " + elementwise + ", GEMM threads " + blas;
    }
  }

  private Threads() {}

  /** Applies {@code train.threads} (0 = auto) to ND4J and OpenBLAS and returns what was set. */
  public static Choice apply(int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException("train.threads must be >= 0, was " + threads);
    }
    int cores = Runtime.getRuntime().availableProcessors();
    int elementwise = threads > 0 ? threads : 1;
    int blas = threads > 0 ? threads : Math.max(1, cores - 1);
    var env = Nd4j.getEnvironment();
    env.setMaxMasterThreads(elementwise);
    env.setMaxThreads(elementwise);
    Nd4j.factory().blas().setMaxThreads(blas);
    return current();
  }

  /** The settings ND4J and OpenBLAS report now. */
  public static Choice current() {
    return new Choice(Nd4j.getEnvironment().maxMasterThreads(), Nd4j.factory().blas().getMaxThreads());
  }
}

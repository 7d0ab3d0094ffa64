package dev.flowmap.model;

import java.util.concurrent.atomic.LongAdder;

/**
 * Optional timing of every {@link Kernel} op, split into GEMM and element-wise time, for the
 * per-phase profile of a step ({@code bench --profile}); off by default, when it costs one read
 * of a volatile flag per op.
 */
public final class OpClock {
  private static volatile boolean on;
  private static final LongAdder GEMM = new LongAdder();
  private static final LongAdder ELEMENTWISE = new LongAdder();
  private static final LongAdder FUSED = new LongAdder();

  private OpClock() {}

  /** Starts or stops timing ops (summed over every thread). */
  public static void enable(boolean enabled) {
    on = enabled;
  }

  /** Zeroes both totals. */
  public static void reset() {
    GEMM.reset();
    ELEMENTWISE.reset();
    FUSED.reset();
  }

  /** Nanoseconds spent in GEMM ops while enabled. */
  public static long gemmNanos() {
    return GEMM.sum();
  }

  /** Nanoseconds spent in the fused {@link VectorKernels} (hidden layers' element-wise work). */
  public static long fusedNanos() {
    return FUSED.sum();
  }

  /** Nanoseconds spent in element-wise ND4J ops (activations, products, sums, fills) while enabled. */
  public static long elementwiseNanos() {
    return ELEMENTWISE.sum();
  }

  /** Runs {@code op}, adding its time to the GEMM or the element-wise total when enabled. */
  static void time(Runnable op, boolean gemm) {
    time(op, gemm ? GEMM : ELEMENTWISE);
  }

  /** Runs a fused kernel, adding its time to the fused total when enabled. */
  static void timeFused(Runnable op) {
    time(op, FUSED);
  }

  private static void time(Runnable op, LongAdder total) {
    if (!on) {
      op.run();
      return;
    }
    long t0 = System.nanoTime();
    op.run();
    total.add(System.nanoTime() - t0);
  }
}

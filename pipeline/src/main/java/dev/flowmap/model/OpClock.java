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

  private OpClock() {}

  /** Starts or stops timing ops (summed over every thread). */
  public static void enable(boolean enabled) {
    on = enabled;
  }

  /** Zeroes both totals. */
  public static void reset() {
    GEMM.reset();
    ELEMENTWISE.reset();
  }

  /** Nanoseconds spent in GEMM ops while enabled. */
  public static long gemmNanos() {
    return GEMM.sum();
  }

  /** Nanoseconds spent in element-wise ops (activations, products, sums, fills) while enabled. */
  public static long elementwiseNanos() {
    return ELEMENTWISE.sum();
  }

  /** Runs {@code op}, adding its time to the GEMM or the element-wise total when enabled. */
  static void time(Runnable op, boolean gemm) {
    if (!on) {
      op.run();
      return;
    }
    long t0 = System.nanoTime();
    op.run();
    (gemm ? GEMM : ELEMENTWISE).add(System.nanoTime() - t0);
  }
}

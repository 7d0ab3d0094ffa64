package dev.flowmap.model;

import java.util.concurrent.atomic.LongAdder;

/**
 * Optional timing of every {@link Kernel} op built through one {@link Ops}, split into GEMM,
 * fused-kernel and element-wise time, for the per-phase profile of a step ({@code bench
 * --profile}); off by default, when it costs one read of a volatile flag per op. Each compute
 * context has its own, so one profile never counts another context's ops.
 */
public final class OpClock {
  private volatile boolean on;
  private final LongAdder gemm = new LongAdder();
  private final LongAdder elementwise = new LongAdder();
  private final LongAdder fused = new LongAdder();
  private final LongAdder thinGemm = new LongAdder();

  /** Starts or stops timing ops (summed over every thread). */
  public void enable(boolean enabled) {
    on = enabled;
  }

  /** Zeroes the totals. */
  public void reset() {
    gemm.reset();
    elementwise.reset();
    fused.reset();
    thinGemm.reset();
  }

  /** Nanoseconds spent in GEMM ops while enabled. */
  public long gemmNanos() {
    return gemm.sum();
  }

  /**
   * The part of {@link #gemmNanos} spent in thin GEMMs, those with a side of at most {@link
   * Ops#THIN_GEMM} (the input layer, the output layer, layer 0's tangent and their gradients).
   */
  public long thinGemmNanos() {
    return thinGemm.sum();
  }

  /** Nanoseconds spent in the fused {@link VectorKernels} (hidden layers' element-wise work). */
  public long fusedNanos() {
    return fused.sum();
  }

  /** Nanoseconds spent in element-wise ND4J ops (activations, products, sums, fills) while enabled. */
  public long elementwiseNanos() {
    return elementwise.sum();
  }

  /** {@code op}, adding its time to the GEMM or the element-wise total when enabled. */
  Kernel timed(Runnable op, boolean isGemm) {
    return timed(op, isGemm ? gemm : elementwise);
  }

  /** A GEMM, adding its time to the GEMM total, and to the thin total when {@code thin}. */
  Kernel timedGemm(Runnable op, boolean thin) {
    return thin ? timed(op, gemm, thinGemm) : timed(op, gemm);
  }

  /** A fused kernel, adding its time to the fused total when enabled. */
  Kernel timedFused(Runnable op) {
    return timed(op, fused);
  }

  /** The op, adding its time to each of {@code totals} when enabled. */
  private Kernel timed(Runnable op, LongAdder... totals) {
    return () -> {
      if (!on) {
        op.run();
        return;
      }
      long t0 = System.nanoTime();
      op.run();
      long t = System.nanoTime() - t0;
      for (LongAdder total : totals) {
        total.add(t);
      }
    };
  }
}

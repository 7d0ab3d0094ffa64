package dev.flowmap.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;

/**
 * Heap bytes this thread allocates in a body of work, for the "allocates nothing" tests.
 *
 * <p>The count is the least over a few rounds. Allocation that happens on every call shows up in
 * every round; a one-off in one round does not fail the test: a class initialized late, a
 * deoptimization, or the coverage agent of a mutation run, which made a single-round count fail
 * in CI while every call allocated nothing.
 */
public final class HeapBytes {
  private static final int ROUNDS = 3;

  private HeapBytes() {}

  /**
   * The least heap bytes one round of {@code body} allocated, over three rounds; skips the test
   * where the JVM cannot count a thread's allocations.
   */
  public static long leastPerRound(Runnable body) {
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled(),
        "this JVM cannot count a thread's heap allocation");
    long least = Long.MAX_VALUE;
    for (int r = 0; r < ROUNDS; r++) {
      long before = mx.getCurrentThreadAllocatedBytes();
      body.run();
      least = Math.min(least, mx.getCurrentThreadAllocatedBytes() - before);
    }
    return least;
  }
}

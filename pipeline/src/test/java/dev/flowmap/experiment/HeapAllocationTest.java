package dev.flowmap.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * {@link HeapAllocation}: the caller's bytes and the other threads' since the start, a thread
 * listed at the start from then on, one that joins later from its birth.
 */
class HeapAllocationTest {
  private static final int MB = 1 << 20;
  /** Where the allocations go, so that no compiler can drop them. */
  private static volatile Object sink;

  @Test
  void countsTheCallerAndTheOtherThreadsSinceTheStart() throws Exception {
    assumeTrue(HeapAllocation.supported());
    List<Thread> others = new CopyOnWriteArrayList<>();
    CountDownLatch early = new CountDownLatch(1);
    CountDownLatch earlyDone = new CountDownLatch(1);
    CountDownLatch allocated = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    Thread before = new Thread(() -> {
      sink = new byte[4 * MB]; // before the start: not counted
      earlyDone.countDown();
      await(early);
      sink = new byte[MB];
      allocated.countDown();
      await(release);
    });
    before.start();
    earlyDone.await();
    others.add(before);
    HeapAllocation heap = HeapAllocation.start(() -> others);
    sink = new byte[2 * MB];
    early.countDown();
    Thread later = new Thread(() -> {
      sink = new byte[3 * MB]; // born after the start: counted from its birth
      allocated.countDown();
      await(release);
    });
    others.add(later);
    later.start();
    allocated.await();
    long bytes = heap.bytes();
    release.countDown();
    before.join();
    later.join();
    assertThat(bytes).isBetween(6L * MB, 6L * MB + 256 * 1024);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

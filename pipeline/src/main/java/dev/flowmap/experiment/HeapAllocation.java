package dev.flowmap.experiment;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * Heap bytes allocated by the calling thread and a set of other threads since {@link #start},
 * from the JVM's per-thread counters ({@code com.sun.management.ThreadMXBean}). A thread that
 * joins the set after the start counts from its birth. The calling thread is read last at the start
 * and first at the end, so the meter's own bookkeeping stays out of the figure.
 */
final class HeapAllocation {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private final Thread caller = Thread.currentThread();
  private final Supplier<? extends Collection<Thread>> others;
  private final long[] ids;
  private final long[] atStart;
  private long callerAtStart;

  private HeapAllocation(Supplier<? extends Collection<Thread>> others) {
    this.others = others;
    List<Thread> now = new ArrayList<>(others.get());
    now.remove(caller);
    ids = now.stream().mapToLong(Thread::getId).toArray();
    atStart = new long[ids.length];
  }

  /** Whether this JVM counts each thread's allocation (HotSpot does, by default). */
  static boolean supported() {
    return THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled();
  }

  /** Starts counting for the calling thread and for the threads {@code others} names, now and later. */
  static HeapAllocation start(Supplier<? extends Collection<Thread>> others) {
    HeapAllocation h = new HeapAllocation(others);
    if (supported()) {
      for (int i = 0; i < h.ids.length; i++) {
        h.atStart[i] = THREADS.getThreadAllocatedBytes(h.ids[i]);
      }
      h.callerAtStart = THREADS.getThreadAllocatedBytes(h.caller.getId());
    }
    return h;
  }

  /** Bytes allocated since the start; -1 where the JVM does not count them. */
  long bytes() {
    if (!supported()) {
      return -1;
    }
    long sum = THREADS.getThreadAllocatedBytes(caller.getId()) - callerAtStart;
    for (Thread t : others.get()) {
      if (t == caller) {
        continue;
      }
      long now = THREADS.getThreadAllocatedBytes(t.getId());
      long before = 0;
      for (int i = 0; i < ids.length; i++) {
        before = ids[i] == t.getId() ? atStart[i] : before;
      }
      sum += now >= 0 ? now - before : 0; // -1: the thread has ended
    }
    return sum;
  }
}

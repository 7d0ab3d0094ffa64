package dev.flowmap.train;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.scheduler.NonBlocking;

/**
 * Makes a trainer's worker threads ({@code flowmap-worker-N}, daemons, non-blocking as Reactor's
 * own parallel threads are) and remembers them, so that {@code bench} can read what they allocate.
 */
final class WorkerThreads implements ThreadFactory {
  private final String prefix;
  private final AtomicInteger count = new AtomicInteger();
  private final List<Thread> made = new CopyOnWriteArrayList<>();

  WorkerThreads(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public Thread newThread(Runnable r) {
    Thread t = new Worker(r, prefix + "-" + count.incrementAndGet());
    t.setDaemon(true);
    made.add(t);
    return t;
  }

  /** The threads made so far (a pool starts its threads on first use). */
  List<Thread> threads() {
    return List.copyOf(made);
  }

  private static final class Worker extends Thread implements NonBlocking {
    Worker(Runnable r, String name) {
      super(r, name);
    }
  }
}

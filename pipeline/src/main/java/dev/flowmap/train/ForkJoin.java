package dev.flowmap.train;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import reactor.core.scheduler.Scheduler;

/**
 * How a step's work is spread over its W workers, for the loss stage ({@link RowSplit}) and the
 * optimizer stage alike: piece 0 runs on the caller's thread, pieces 1 to W - 1 on the trainer's
 * pool, and {@link #run} returns when all have ended. The first failure in piece order is then
 * rethrown, so a failed step never leaves a piece still writing into shared buffers.
 */
final class ForkJoin {
  private final Executor pool;
  private final Future<?>[] pending;

  /** W pieces, pieces 1 to W - 1 on {@code pool} (null for one piece). */
  ForkJoin(int workers, Scheduler pool) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1, was " + workers);
    }
    if (workers > 1 && pool == null) {
      throw new IllegalArgumentException(workers + " workers need a pool");
    }
    this.pool = pool == null ? null : pool::schedule;
    this.pending = new Future<?>[workers];
  }

  int workers() {
    return pending.length;
  }

  /** Runs {@code work[k]} on worker k, all at once, and waits for every one of them. */
  void run(Runnable[] work) {
    if (work.length != pending.length) {
      throw new IllegalArgumentException(work.length + " pieces of work for " + pending.length + " workers");
    }
    for (int k = 1; k < work.length; k++) {
      pending[k] = CompletableFuture.runAsync(work[k], pool);
    }
    RuntimeException failure = null;
    try {
      work[0].run();
    } catch (RuntimeException e) {
      failure = e;
    }
    for (int k = 1; k < work.length; k++) {
      try {
        pending[k].get();
      } catch (ExecutionException e) {
        failure = failure != null ? failure : asRuntime(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = failure != null ? failure : new IllegalStateException("interrupted in a step", e);
      }
      pending[k] = null;
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static RuntimeException asRuntime(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(t);
  }
}

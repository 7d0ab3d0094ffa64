package dev.flowmap.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** Every piece runs, piece 0 on the caller's thread; a failure is rethrown once all have ended. */
class ForkJoinTest {

  @Test
  void runsEveryPieceAndPieceZeroOnTheCaller() {
    Scheduler pool = Schedulers.newParallel("test-fork", 2, true);
    try {
      ForkJoin fork = new ForkJoin(3, pool);
      AtomicIntegerArray ran = new AtomicIntegerArray(3);
      Thread[] on = new Thread[3];
      Runnable[] work = new Runnable[3];
      for (int k = 0; k < 3; k++) {
        int w = k;
        work[k] = () -> {
          ran.incrementAndGet(w);
          on[w] = Thread.currentThread();
        };
      }
      fork.run(work);
      fork.run(work);
      assertThat(ran.toString()).isEqualTo("[2, 2, 2]");
      assertThat(on[0]).isSameAs(Thread.currentThread());
      assertThat(on[1]).isNotSameAs(Thread.currentThread());
    } finally {
      pool.dispose();
    }
  }

  @Test
  void rethrowsTheFirstFailureInPieceOrderAfterEveryPieceHasEnded() {
    Scheduler pool = Schedulers.newParallel("test-fork", 1, true);
    try {
      ForkJoin fork = new ForkJoin(2, pool);
      boolean[] slowEnded = new boolean[1];
      Runnable slow = () -> {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        slowEnded[0] = true;
        throw new IllegalStateException("piece 1");
      };
      assertThatThrownBy(() -> fork.run(new Runnable[] {() -> {
        throw new IllegalArgumentException("piece 0");
      }, slow})).isInstanceOf(IllegalArgumentException.class).hasMessage("piece 0");
      assertThat(slowEnded[0]).isTrue();
      assertThatThrownBy(() -> fork.run(new Runnable[] {() -> { }, slow}))
          .isInstanceOf(IllegalStateException.class).hasMessage("piece 1");
      assertThatThrownBy(() -> fork.run(new Runnable[] {() -> { }}))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 pieces of work for 2 workers");
    } finally {
      pool.dispose();
    }
  }
}

package dev.flowmap.train;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A request to stop a run, shared by whoever asks (a signal, a test, a sweep) and every place that
 * can take long: the worker calibration, each training step, each evaluation batch. They poll
 * {@link #requested()} and end early; the run then checkpoints its last finished step.
 */
public final class StopRequest implements BooleanSupplier {
  private final AtomicInteger requests = new AtomicInteger();
  private final CountDownLatch asked = new CountDownLatch(1);

  /** Asks to stop; returns how many times it was asked, this time included. */
  public int request() {
    int n = requests.incrementAndGet();
    asked.countDown();
    return n;
  }

  /** Waits until a stop is requested (a process that serves on after training, say). */
  public void await() throws InterruptedException {
    asked.await();
  }

  /** Whether a stop was asked for. */
  public boolean requested() {
    return requests.get() > 0;
  }

  @Override
  public boolean getAsBoolean() {
    return requested();
  }

  /** Thrown where a stop ends work that has no step to checkpoint yet (the worker calibration). */
  public static final class Stopped extends RuntimeException {
    public Stopped(String where) {
      super("stopped during " + where, null, false, false);
    }
  }
}

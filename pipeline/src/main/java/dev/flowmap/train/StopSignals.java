package dev.flowmap.train;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM for a process that must not lose work: the first one asks the run
 * to stop (it checkpoints its last finished step and returns, so the process exits 0; a shutdown
 * hook could not, since the JVM would then exit with 130 or 143), a second one exits at once.
 * Checkpoints are written to a temporary file and renamed, so exiting at any moment leaves the
 * last one whole.
 */
public final class StopSignals {
  /** The exit status of a second Ctrl-C: 128 + SIGINT, what a shell reports for an interrupted command. */
  public static final int EXIT_AT_ONCE = 130;

  private StopSignals() {}

  /**
   * Installs handlers that run {@code first} on the first signal and {@code again} on each later
   * one, each on a thread of its own; the returned action puts the previous handlers back.
   */
  public static Runnable install(Runnable first, Runnable again) {
    AtomicInteger received = new AtomicInteger();
    Map<Signal, SignalHandler> previous = new HashMap<>();
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        Signal signal = new Signal(name);
        previous.put(signal, Signal.handle(signal, s -> new Thread(
            received.incrementAndGet() == 1 ? first : again, "flowmap-signal").start()));
      } catch (IllegalArgumentException e) {
        // the signal is not available on this platform: keep the default behaviour
      }
    }
    return () -> previous.forEach(Signal::handle);
  }

  /**
   * The handlers of a training run: the first signal requests {@code stop} and says so on
   * {@code err}; the second says which checkpoint is kept and halts with {@link #EXIT_AT_ONCE}.
   */
  public static Runnable forRun(StopRequest stop, Path checkpoint, PrintStream err) {
    return install(() -> {
      err.println("stopping: the run ends its current step or evaluation pass and checkpoints its"
          + " last finished step (press Ctrl-C again to exit at once)");
      stop.request();
    }, () -> {
      err.println("exiting at once: " + checkpoint + (checkpoint.toFile().exists()
          ? " holds the last checkpoint written" : " was not written yet"));
      err.flush();
      Runtime.getRuntime().halt(EXIT_AT_ONCE);
    });
  }
}

package dev.flowmap.cli;

import sun.misc.Signal;

/**
 * Ctrl-C and SIGTERM handlers that let the process finish its step, write a checkpoint and exit
 * 0; a shutdown hook could not, since the JVM would then exit with 130 or 143.
 */
final class Signals {
  private Signals() {}

  /** Installs the handlers; the returned action puts the previous ones back. */
  static Runnable onInterrupt(Runnable action) {
    java.util.Map<Signal, sun.misc.SignalHandler> previous = new java.util.HashMap<>();
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        Signal signal = new Signal(name);
        previous.put(signal, Signal.handle(signal, s -> new Thread(action, "flowmap-signal").start()));
      } catch (IllegalArgumentException e) {
        // the signal is not available on this platform: keep the default behaviour
      }
    }
    return () -> previous.forEach(Signal::handle);
  }
}

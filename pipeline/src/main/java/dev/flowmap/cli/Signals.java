package dev.flowmap.cli;

import sun.misc.Signal;

/**
 * Ctrl-C and SIGTERM handlers that let the process finish its step, write a checkpoint and exit
 * 0; a shutdown hook could not, since the JVM would then exit with 130 or 143.
 */
final class Signals {
  private Signals() {}

  static void onInterrupt(Runnable action) {
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        Signal.handle(new Signal(name), s -> new Thread(action, "flowmap-signal").start());
      } catch (IllegalArgumentException e) {
        // the signal is not available on this platform: keep the default behaviour
      }
    }
  }
}

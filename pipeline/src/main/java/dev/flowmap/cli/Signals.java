package dev.flowmap.cli;

/**
 * Ctrl-C and SIGTERM handlers that let the process finish its step, write a checkpoint and exit
 * 0; a shutdown hook could not, since the JVM would then exit with 130 or 143.
 */
final class Signals {
  private Signals() {}

  /** Installs the handlers; the returned action puts the previous ones back. */
  static Runnable onInterrupt(Runnable action) {
    return dev.flowmap.train.StopSignals.install(action, action);
  }
}

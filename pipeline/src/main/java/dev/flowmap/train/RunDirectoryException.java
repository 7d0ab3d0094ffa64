package dev.flowmap.train;

/** A run directory cannot be created or written, or already holds a run: a user error. */
public final class RunDirectoryException extends RuntimeException {
  public RunDirectoryException(String message) {
    super(message);
  }
}

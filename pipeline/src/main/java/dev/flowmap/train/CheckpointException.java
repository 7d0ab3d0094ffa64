package dev.flowmap.train;

/** A checkpoint is missing, unreadable or corrupt: a user error, reported as one line. */
public final class CheckpointException extends RuntimeException {
  public CheckpointException(String message) {
    super(message);
  }
}

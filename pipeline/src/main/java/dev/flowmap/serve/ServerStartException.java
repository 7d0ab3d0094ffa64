package dev.flowmap.serve;

/** The server could not bind (port in use, bad host): a user error, reported as one line. */
public final class ServerStartException extends RuntimeException {
  public ServerStartException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.flowmap.config;

/**
 * A configuration error a user can cause; its message is one line naming the bad key and value,
 * meant to be printed as is (the CLI exits with status 2).
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with a complete, user-facing message. */
  public ConfigException(String message) {
    super(message);
  }
}

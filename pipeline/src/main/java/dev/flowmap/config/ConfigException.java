package dev.flowmap.config;

/**
 * A configuration error a user can cause; its message is one line naming the bad key and value,
 * meant to be printed as is (the CLI exits with status 2). Line breaks and other control
 * characters in the message (a value such as {@code "a\nb"}, or a YAML parser's problem text) are
 * shown escaped, so the message stays one line and still names the value as typed.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with a complete, user-facing message. */
  public ConfigException(String message) {
    super(oneLine(message));
  }

  /** {@code text} with control characters escaped: \n, \r and \t by name, others as \\uXXXX. */
  static String oneLine(String text) {
    if (text == null || text.chars().noneMatch(Character::isISOControl)) {
      return text;
    }
    StringBuilder b = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (Character.isISOControl(c)) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}

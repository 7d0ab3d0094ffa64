package dev.flowmap.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The names of the enums that configs and options spell as text: each constant's
 * {@code toString()}, such as {@code psd-m} for {@code Method.PSD_M}. Text becomes an enum here,
 * once, at the boundary; below it nothing matches the names as strings.
 */
public final class Vocabulary {
  private Vocabulary() {
  }

  /** The names of the enum {@code type}'s constants, in declaration order. */
  public static List<String> names(Class<? extends Enum<?>> type) {
    List<String> names = new ArrayList<>();
    for (Object e : type.getEnumConstants()) {
      names.add(e.toString());
    }
    return List.copyOf(names);
  }

  /** The constant of {@code type} named {@code text}, or null when none is. */
  public static <E extends Enum<E>> E find(Class<E> type, String text) {
    for (E e : type.getEnumConstants()) {
      if (e.toString().equals(text)) {
        return e;
      }
    }
    return null;
  }

  /**
   * The constant of {@code type} named {@code text}; otherwise a one-line error naming
   * {@code key}, the allowed names and the bad value.
   */
  public static <E extends Enum<E>> E parse(String key, Class<E> type, String text) {
    E e = find(type, text);
    if (e == null) {
      throw notOneOf(key, type, text);
    }
    return e;
  }

  /** Requires a value at {@code key}: a null gets the message a bad name gets. */
  static <E extends Enum<E>> E present(String key, Class<E> type, E value) {
    if (value == null) {
      throw notOneOf(key, type, null);
    }
    return value;
  }

  /** Requires {@code text} to name a constant of the enum {@code type} (for the tree checker). */
  static void check(String key, Class<?> type, String text) {
    @SuppressWarnings("unchecked")
    Class<? extends Enum<?>> enumType = (Class<? extends Enum<?>>) type;
    if (!names(enumType).contains(text)) {
      throw notOneOf(key, enumType, text);
    }
  }

  private static ConfigException notOneOf(String key, Class<? extends Enum<?>> type, String text) {
    return new ConfigException(key + " must be one of " + names(type) + ", got " + Check.quote(text));
  }
}

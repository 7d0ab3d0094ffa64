package dev.flowmap.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Validation helpers for the config records; each failure names the dotted key and the bad value. */
final class Check {
  private Check() {
  }

  static int atLeast(String key, int value, int min) {
    if (value < min) {
      throw fail(key, "must be >= " + min, value);
    }
    return value;
  }

  static long atLeast(String key, long value, long min) {
    if (value < min) {
      throw fail(key, "must be >= " + min, value);
    }
    return value;
  }

  static int inRange(String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw fail(key, "must be in [" + min + ", " + max + "]", value);
    }
    return value;
  }

  /** A finite number strictly greater than zero. */
  static double positive(String key, double value) {
    if (!Double.isFinite(value) || value <= 0) {
      throw fail(key, "must be a finite number > 0", value);
    }
    return value;
  }

  /** A finite number greater than or equal to zero. */
  static double nonNegative(String key, double value) {
    if (!Double.isFinite(value) || value < 0) {
      throw fail(key, "must be a finite number >= 0", value);
    }
    return value;
  }

  /** A number in the closed interval [0, 1]. */
  static double unitClosed(String key, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw fail(key, "must be in [0, 1]", value);
    }
    return value;
  }

  /** A number in the half-open interval [0, 1). */
  static double unitHalfOpen(String key, double value) {
    if (!(value >= 0 && value < 1)) {
      throw fail(key, "must be in [0, 1)", value);
    }
    return value;
  }

  static String notBlank(String key, String value) {
    if (value == null || value.isBlank()) {
      throw new ConfigException(key + " must not be empty, got " + quote(value));
    }
    return value;
  }

  /** A non-empty list without nulls or repeats, returned as an immutable copy. */
  static <T> List<T> distinctList(String key, List<T> values) {
    if (values == null || values.isEmpty()) {
      throw new ConfigException(key + " must be a non-empty list, got " + (values == null ? "null" : "[]"));
    }
    Set<T> seen = new HashSet<>();
    for (int i = 0; i < values.size(); i++) {
      T v = values.get(i);
      if (v == null) {
        throw new ConfigException(key + "[" + i + "] must not be null");
      }
      if (!seen.add(v)) {
        throw new ConfigException(key + " lists "
            + (v instanceof String || v instanceof Enum ? quote(v.toString()) : v) + " twice");
      }
    }
    return List.copyOf(values);
  }

  static String quote(String value) {
    return value == null ? "null" : "'" + value + "'";
  }

  private static ConfigException fail(String key, String rule, Object value) {
    return new ConfigException(key + " " + rule + ", got " + value);
  }
}

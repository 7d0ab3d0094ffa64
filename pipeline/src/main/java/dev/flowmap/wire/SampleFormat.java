package dev.flowmap.wire;

import java.util.Locale;

/** The wire formats of {@code /samples}, with their content types. */
public enum SampleFormat {
  NDJSON("application/x-ndjson"),
  CSV("text/csv; charset=utf-8"),
  SSE("text/event-stream; charset=utf-8"),
  BINARY("application/octet-stream");

  private final String contentType;

  SampleFormat(String contentType) {
    this.contentType = contentType;
  }

  public String contentType() {
    return contentType;
  }

  /** The lowercase name used in the query and as the metrics tag. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The format named {@code s}, or null when none is. */
  public static SampleFormat byTag(String s) {
    for (SampleFormat f : values()) {
      if (f.tag().equals(s)) {
        return f;
      }
    }
    return null;
  }
}

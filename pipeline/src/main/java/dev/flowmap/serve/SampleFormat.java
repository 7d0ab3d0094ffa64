package dev.flowmap.serve;

import java.util.Locale;

/** The wire formats of {@code /samples}, with their content types. */
enum SampleFormat {
  NDJSON("application/x-ndjson"),
  CSV("text/csv; charset=utf-8"),
  SSE("text/event-stream; charset=utf-8"),
  BINARY("application/octet-stream");

  private final String contentType;

  SampleFormat(String contentType) {
    this.contentType = contentType;
  }

  String contentType() {
    return contentType;
  }

  /** The lowercase name used in the query and as the metrics tag. */
  String tag() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The format named {@code s}, or null when none is. */
  static SampleFormat byTag(String s) {
    for (SampleFormat f : values()) {
      if (f.tag().equals(s)) {
        return f;
      }
    }
    return null;
  }
}

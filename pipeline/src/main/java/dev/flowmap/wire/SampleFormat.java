package dev.flowmap.wire;

/**
 * The wire formats of {@code /samples} and of Kafka records, each owning its facts: its name (in
 * queries, options, headers and metric tags), its content type, and whether one self-contained
 * batch can carry it. Text becomes a format once, where it enters (config's {@code Vocabulary}).
 */
public enum SampleFormat {
  NDJSON("ndjson", "application/x-ndjson", true),
  CSV("csv", "text/csv; charset=utf-8", false),
  SSE("sse", "text/event-stream; charset=utf-8", false),
  BINARY("binary", "application/octet-stream", true);

  private final String id;
  private final String contentType;
  private final boolean batch;

  SampleFormat(String id, String contentType, boolean batch) {
    this.id = id;
    this.contentType = contentType;
    this.batch = batch;
  }

  /** The name in queries, options, Kafka headers and the metrics tag. */
  @Override
  public String toString() {
    return id;
  }

  public String contentType() {
    return contentType;
  }

  /**
   * Whether one self-contained batch (a Kafka record) can carry this format: binary and ndjson;
   * csv has a header line and sse its events, which belong to a whole stream.
   */
  public boolean batch() {
    return batch;
  }
}

package dev.flowmap.config;

/**
 * The HTTP server for metrics, sample streams and the live page (YAML section {@code serve}).
 *
 * @param host             interface to bind
 * @param port             TCP port; 0 picks a free one
 * @param maxStreams       concurrent sample streams allowed
 * @param batch            samples per generated batch on a stream
 * @param generatorThreads threads that generate samples for streams
 */
public record ServeConfig(String host, int port, int maxStreams, int batch, int generatorThreads) {
  public ServeConfig {
    Check.notBlank("serve.host", host);
    Check.inRange("serve.port", port, 0, 65_535);
    Check.atLeast("serve.max_streams", maxStreams, 1);
    Check.inRange("serve.batch", batch, 1, 1_000_000);
    Check.atLeast("serve.generator_threads", generatorThreads, 1);
  }

  /** Local-only on port 8080. */
  public static ServeConfig defaults() {
    return new ServeConfig("127.0.0.1", 8080, 64, 4096, 2);
  }
}

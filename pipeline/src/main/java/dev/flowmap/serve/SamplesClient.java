package dev.flowmap.serve;

import dev.flowmap.eval.ConsumeStats;
import dev.flowmap.wire.SampleDecoder;
import dev.flowmap.wire.SampleFormat;
import io.netty.channel.ConnectTimeoutException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * {@code consume --url}: reads a {@code /samples} stream with Reactor Netty's HTTP client,
 * decoding the body chunk by chunk whatever its boundaries ({@link SampleDecoder}) into the
 * consumer's statistics. The example to copy for a downstream program, beside the server it reads.
 */
public final class SamplesClient {
  private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);
  private final URI uri;
  private final SampleFormat format;

  /** A client of the stream at {@code uri} (see {@link #streamUri}), whose body is {@code format}. */
  public SamplesClient(URI uri, SampleFormat format) {
    this.uri = uri;
    this.format = format;
  }

  /**
   * The stream of {@code steps}-step samples in {@code format} on the server at {@code base}
   * (its path may already end in {@code /samples}); {@code count} 0 asks for an endless stream.
   */
  public static URI streamUri(URI base, int steps, SampleFormat format, long count) {
    String path = base.getPath() == null ? "" : base.getPath().replaceAll("/+$", "");
    if (!path.endsWith(SamplesEndpoint.PATH)) {
      path = path + SamplesEndpoint.PATH;
    }
    String query = String.format(Locale.ROOT, "steps=%d&format=%s%s", steps, format,
        count > 0 ? "&count=" + count : "");
    return URI.create(base.getScheme() + "://" + base.getRawAuthority() + path + "?" + query);
  }

  /**
   * Reads the whole stream into {@code stats}, rewriting the progress line on {@code out}.
   *
   * @throws RuntimeException when the server cannot be reached, answers other than 200 (the
   *     message holds its status and body), or the body ends inside a sample; {@link #reason}
   *     says why in one line
   */
  public void read(ConsumeStats stats, PrintWriter out) {
    SampleDecoder decoder = new SampleDecoder(format);
    HttpClient.create()
        .responseTimeout(RESPONSE_TIMEOUT)
        .get()
        .uri(uri)
        .response((res, body) -> res.status().code() == 200
            ? body.asByteArray()
            : body.aggregate().asString().defaultIfEmpty("")
                .flatMap(text -> Mono.<byte[]>error(new IllegalStateException(
                    "server answered " + res.status() + (text.isBlank() ? "" : ": " + text.trim())))))
        .doOnNext(chunk -> {
          decoder.feed(chunk, stats::add);
          stats.maybePrint(out, System.nanoTime());
        })
        .then(Mono.fromRunnable(() -> {
          if (decoder.pending() != 0) {
            throw new IllegalStateException("stream ended inside a sample (" + decoder.pending() + " bytes)");
          }
        }))
        .block();
  }

  /** Why {@link #read} failed, in one line: a refused connection says so, else the first message. */
  public static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof ConnectTimeoutException) {
        return "cannot connect (" + t.getMessage() + "); is the server running?";
      }
    }
    Throwable root = e;
    while (root.getCause() != null && root.getMessage() == null) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }
}

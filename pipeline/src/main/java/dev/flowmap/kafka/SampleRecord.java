package dev.flowmap.kafka;

import dev.flowmap.config.Vocabulary;
import dev.flowmap.wire.SampleDecoder;
import dev.flowmap.wire.SampleFormat;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * One Kafka record of a sample topic, decoded whole by its {@code format} header (binary when it
 * has none) before any of its points count: a record that is not a batch of samples (no value, an
 * unknown or empty format, bytes that do not decode, a value ending inside a sample) is refused
 * with the reason, so a consumer skips and counts it instead of failing.
 */
final class SampleRecord {
  private SampleRecord() {}

  /** The points of a decoded record, interleaved (x, y), or why it was refused. */
  record Decoded(double[] xy, String refused) {
    int points() {
      return xy.length / 2;
    }
  }

  /** Decodes {@code value} as the format its headers name. */
  static Decoded decode(Headers headers, byte[] value) {
    Header h = headers == null ? null : headers.lastHeader("format");
    if (h != null && h.value() == null) {
      return refused("format header without a value");
    }
    String name = h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    SampleFormat format = h == null ? SampleFormat.BINARY : Vocabulary.find(SampleFormat.class, name);
    if (format == null) {
      return refused("unknown format '" + abbreviate(name) + "'");
    }
    if (value == null) {
      return refused("no value");
    }
    double[][] xy = {new double[64]};
    int[] n = {0};
    SampleDecoder decoder = new SampleDecoder(format);
    try {
      decoder.feed(value, (x, y) -> {
        if (n[0] + 2 > xy[0].length) {
          xy[0] = Arrays.copyOf(xy[0], 2 * xy[0].length);
        }
        xy[0][n[0]++] = x;
        xy[0][n[0]++] = y;
      });
    } catch (IllegalArgumentException e) {
      return refused(e.getMessage());
    }
    if (decoder.pending() != 0) {
      return refused(format + " value ends inside a sample (" + decoder.pending() + " bytes left)");
    }
    return new Decoded(Arrays.copyOf(xy[0], n[0]), null);
  }

  private static Decoded refused(String why) {
    return new Decoded(new double[0], why.replaceAll("\\p{Cntrl}", "?"));
  }

  private static String abbreviate(String s) {
    String oneLine = s.replaceAll("\\p{Cntrl}", "?");
    return oneLine.length() > 40 ? oneLine.substring(0, 40) + "..." : oneLine;
  }
}

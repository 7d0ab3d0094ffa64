package dev.flowmap.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Encodes batches of interleaved (x, y) samples in each {@link SampleFormat}. */
public final class SampleEncoder {
  private SampleEncoder() {}

  /** Bytes sent before the first batch (the CSV header), possibly empty. */
  public static byte[] header(SampleFormat format) {
    return format == SampleFormat.CSV ? ascii("x,y\n") : new byte[0];
  }

  /** Bytes sent after the last batch of a finite stream (an SSE {@code end} event), possibly empty. */
  public static byte[] trailer(SampleFormat format) {
    return format == SampleFormat.SSE ? ascii("event: end\ndata: {}\n\n") : new byte[0];
  }

  /** Encodes {@code n} points of {@code xy}; {@code batch} and {@code steps} label SSE events. */
  public static byte[] encode(SampleFormat format, float[] xy, int n, long batch, int steps) {
    if (format == SampleFormat.BINARY) {
      ByteBuffer out = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
      out.asFloatBuffer().put(xy, 0, 2 * n);
      return out.array();
    }
    StringBuilder sb = new StringBuilder(n * 24 + 64);
    switch (format) {
      case NDJSON -> {
        for (int i = 0; i < n; i++) {
          sb.append("{\"x\":");
          number(sb, xy[2 * i]).append(",\"y\":");
          number(sb, xy[2 * i + 1]).append("}\n");
        }
      }
      case CSV -> {
        for (int i = 0; i < n; i++) {
          sb.append(xy[2 * i]).append(',').append(xy[2 * i + 1]).append('\n');
        }
      }
      case SSE -> {
        sb.append("event: samples\nid: ").append(batch)
            .append("\ndata: {\"batch\":").append(batch).append(",\"steps\":").append(steps)
            .append(",\"xy\":[");
        for (int i = 0; i < 2 * n; i++) {
          if (i > 0) {
            sb.append(',');
          }
          number(sb, xy[i]);
        }
        sb.append("]}\n\n");
      }
      default -> throw new IllegalArgumentException(format.toString());
    }
    return ascii(sb);
  }

  /** JSON number, or null for NaN and infinities (which JSON cannot carry). */
  private static StringBuilder number(StringBuilder sb, float v) {
    return Float.isFinite(v) ? sb.append(v) : sb.append("null");
  }

  private static byte[] ascii(CharSequence s) {
    return s.toString().getBytes(StandardCharsets.US_ASCII);
  }
}

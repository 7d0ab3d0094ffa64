package dev.flowmap.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** Decodes a {@code /samples} body chunk by chunk, whatever the chunk boundaries, into points. */
public final class SampleDecoder {
  /** Receives decoded points. */
  public interface Points {
    void point(double x, double y);
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final SampleFormat format;
  private final ByteArrayOutputStream carry = new ByteArrayOutputStream();
  private boolean csvHeaderSeen;

  public SampleDecoder(SampleFormat format) {
    this.format = Objects.requireNonNull(format, "format");
  }

  /** Decodes every complete point in {@code chunk} (with what earlier chunks left over). */
  public void feed(byte[] chunk, Points out) {
    carry.write(chunk, 0, chunk.length);
    byte[] all = carry.toByteArray();
    int used = format == SampleFormat.BINARY ? binary(all, out) : lines(all, out);
    carry.reset();
    carry.write(all, used, all.length - used);
  }

  /** Bytes received but not yet decoded (a partial point or line). */
  public int pending() {
    return carry.size();
  }

  private static int binary(byte[] all, Points out) {
    ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    int whole = all.length / 8 * 8;
    for (int i = 0; i < whole; i += 8) {
      out.point(b.getFloat(i), b.getFloat(i + 4));
    }
    return whole;
  }

  private int lines(byte[] all, Points out) {
    int start = 0;
    for (int i = 0; i < all.length; i++) {
      if (all[i] == '\n') {
        line(new String(all, start, i - start, StandardCharsets.UTF_8).trim(), out);
        start = i + 1;
      }
    }
    return start;
  }

  private void line(String line, Points out) {
    if (line.isEmpty()) {
      return;
    }
    try {
      switch (format) {
        case NDJSON -> {
          JsonNode p = JSON.readTree(line);
          out.point(p.get("x").asDouble(Double.NaN), p.get("y").asDouble(Double.NaN));
        }
        case CSV -> {
          if (!csvHeaderSeen) {
            csvHeaderSeen = true;
            if (line.equals("x,y")) {
              return;
            }
          }
          int comma = line.indexOf(',');
          out.point(Double.parseDouble(line.substring(0, comma)),
              Double.parseDouble(line.substring(comma + 1)));
        }
        case SSE -> {
          if (line.startsWith("data:")) {
            JsonNode xy = JSON.readTree(line.substring(5)).get("xy");
            for (int i = 0; xy != null && i + 1 < xy.size(); i += 2) {
              out.point(xy.get(i).asDouble(Double.NaN), xy.get(i + 1).asDouble(Double.NaN));
            }
          }
        }
        case BINARY -> throw new IllegalStateException("binary has no lines");
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot decode " + format + " line: " + abbreviate(line), e);
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}

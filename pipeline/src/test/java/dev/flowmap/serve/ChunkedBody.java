package dev.flowmap.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Test helper: a raw HTTP/1.1 GET over a socket whose chunked body is read at the test's pace. */
final class ChunkedBody {
  private final InputStream in;
  private int chunkLeft;
  private boolean ended;

  private ChunkedBody(InputStream in) {
    this.in = in;
  }

  /** Sends {@code GET path} on {@code s} and reads the headers of a 200 chunked answer. */
  static ChunkedBody get(Socket s, String path) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    ChunkedBody body = new ChunkedBody(s.getInputStream());
    String headers = body.line("\r\n\r\n");
    assertThat(headers).startsWith("HTTP/1.1 200")
        .containsIgnoringCase("transfer-encoding: chunked");
    return body;
  }

  /** Reads exactly {@code n} body bytes. */
  byte[] read(int n) throws IOException {
    byte[] out = new byte[n];
    int off = 0;
    while (off < n) {
      if (!nextChunk()) {
        throw new IOException("body ended after " + off + " of " + n + " bytes");
      }
      int len = in.readNBytes(out, off, Math.min(n - off, chunkLeft));
      if (len == 0) {
        throw new IOException("connection closed mid-chunk");
      }
      off += len;
      chunkLeft -= len;
    }
    return out;
  }

  /** Reads {@code n} little-endian float32 values. */
  float[] floats(int n) throws IOException {
    float[] f = new float[n];
    ByteBuffer.wrap(read(4 * n)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
    return f;
  }

  /** Reads the body to its end and returns how many bytes that was. */
  long drain() throws IOException {
    long total = 0;
    byte[] buf = new byte[1 << 16];
    while (nextChunk()) {
      int len = in.readNBytes(buf, 0, Math.min(buf.length, chunkLeft));
      if (len == 0) {
        throw new IOException("connection closed mid-chunk");
      }
      total += len;
      chunkLeft -= len;
    }
    return total;
  }

  private boolean nextChunk() throws IOException {
    if (ended) {
      return false;
    }
    if (chunkLeft > 0) {
      return true;
    }
    String size = line("\r\n").trim();
    if (size.isEmpty()) {
      size = line("\r\n").trim();
    }
    chunkLeft = Integer.parseInt(size, 16);
    ended = chunkLeft == 0;
    return !ended;
  }

  private String line(String end) throws IOException {
    StringBuilder sb = new StringBuilder();
    while (sb.length() < end.length() || !sb.substring(sb.length() - end.length()).equals(end)) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection closed after " + sb);
      }
      sb.append((char) c);
    }
    return sb.toString();
  }
}

package dev.flowmap.soak;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Endless {@code /samples} streams over plain sockets: readers that take bytes at a modest pace
 * (so that they do not starve training of the two cores) and one client that sends its request
 * and never reads. A reader that sees no byte for a while has stopped answering.
 */
final class SoakStreams implements AutoCloseable {
  /** One stream: its query, the bytes read and when the last ones came. */
  static final class Stream {
    final String query;
    final boolean stalled;
    final AtomicLong bytes = new AtomicLong();
    volatile long lastByteNanos = System.nanoTime();
    volatile String failure;
    private final Socket socket;

    Stream(URI base, String query, boolean stalled) throws IOException {
      this.query = query;
      this.stalled = stalled;
      socket = new Socket();
      if (stalled) {
        socket.setReceiveBufferSize(4096);
      }
      socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()), 10_000);
      socket.getOutputStream().write(("GET /samples?" + query + " HTTP/1.1\r\nHost: " + base.getHost()
          + "\r\nAccept: */*\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
    }

    void read() {
      byte[] buf = new byte[16 * 1024];
      try (InputStream in = socket.getInputStream()) {
        String status = statusLine(in);
        if (!status.startsWith("HTTP/1.1 200")) {
          failure = "answered " + status;
          return;
        }
        while (true) {
          int n = in.read(buf);
          if (n < 0) {
            failure = "ended after " + bytes.get() + " bytes";
            return;
          }
          bytes.addAndGet(n);
          lastByteNanos = System.nanoTime();
          Thread.sleep(50); // about 300 KB/s at most
        }
      } catch (IOException | InterruptedException e) {
        if (!socket.isClosed()) {
          failure = e.toString();
        }
      }
    }

    /** Reads the response head (status line and headers) and returns its status line. */
    private static String statusLine(InputStream in) throws IOException {
      String status = line(in);
      while (!line(in).isEmpty()) {
        // a header
      }
      return status;
    }

    private static String line(InputStream in) throws IOException {
      StringBuilder s = new StringBuilder();
      for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
        s.append((char) c);
      }
      return s.toString().trim();
    }

    /** Null while it answers; else why not. */
    String problem(long now, long silentNanos) {
      if (failure != null) {
        return query + ": " + failure;
      }
      if (!stalled && now - lastByteNanos > silentNanos) {
        return query + ": no byte for " + (now - lastByteNanos) / 1_000_000_000L + " s";
      }
      return null;
    }
  }

  private final List<Stream> streams = new ArrayList<>();
  private final List<Thread> readers = new ArrayList<>();

  /** Three reading streams (ndjson, csv, sse) and one stalled binary stream. */
  static SoakStreams open(URI base) throws IOException {
    SoakStreams s = new SoakStreams();
    s.add(new Stream(base, "steps=1&format=ndjson", false));
    s.add(new Stream(base, "steps=2&format=csv", false));
    s.add(new Stream(base, "steps=4&format=sse&weights=raw", false));
    s.add(new Stream(base, "steps=1&format=binary", true));
    return s;
  }

  private void add(Stream stream) {
    streams.add(stream);
    if (!stream.stalled) {
      Thread t = new Thread(stream::read, "soak-stream-" + streams.size());
      t.setDaemon(true);
      t.start();
      readers.add(t);
    }
  }

  List<Stream> streams() {
    return streams;
  }

  long bytesRead() {
    return streams.stream().mapToLong(s -> s.bytes.get()).sum();
  }

  /** Problems of the streams now: stopped, failed, or silent for longer than {@code silentNanos}. */
  List<String> problems(long silentNanos) {
    long now = System.nanoTime();
    List<String> out = new ArrayList<>();
    for (Stream s : streams) {
      String p = s.problem(now, silentNanos);
      if (p != null) {
        out.add(p);
      }
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    for (Stream s : streams) {
      s.socket.close();
    }
    for (Thread t : readers) {
      t.interrupt();
    }
  }
}

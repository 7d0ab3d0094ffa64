package dev.flowmap.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** What the soak counts as a missed batch and as a stream that stopped answering. */
class SoakWatchTest {
  private static BitSet bits(int... set) {
    BitSet b = new BitSet();
    for (int i : set) {
      b.set(i);
    }
    return b;
  }

  @Test
  void everyOffsetAndKeyReadIsNoHoleAndEachGapIsNamed() {
    TopicPartition p0 = new TopicPartition("t", 0);
    TopicPartition p1 = new TopicPartition("t", 1);
    Map<TopicPartition, Long> ends = Map.of(p0, 3L, p1, 2L);
    assertThat(SoakGroup.holes(Map.of(0, bits(0, 1, 2), 1, bits(0, 1, 0)), bits(0, 1, 2, 3, 4), ends))
        .isEmpty();
    assertThat(SoakGroup.holes(Map.of(0, bits(0, 2), 1, bits(0, 1)), bits(0, 1, 3, 4), ends))
        .containsExactly("partition 0: offset 1 of 3 never read", "batch 2 of 5 never read");
    assertThat(SoakGroup.holes(Map.of(0, bits(0, 1, 2)), bits(0, 1, 2), ends))
        .containsExactly("partition 1: offset 0 of 2 never read", "batch 3 of 5 never read");
  }

  @Test
  void aStreamThatEndsOrAnswersAnErrorIsAProblemAndASilentOneAfterAWhile() throws Exception {
    try (ServerSocket server = new ServerSocket(0)) {
      URI base = URI.create("http://127.0.0.1:" + server.getLocalPort());
      SoakStreams.Stream ends = new SoakStreams.Stream(base, "format=csv", false);
      answer(server, "HTTP/1.1 200 OK\r\n\r\nabc");
      ends.read();
      assertThat(ends.bytes.get()).isEqualTo(3);
      assertThat(ends.problem(System.nanoTime(), Long.MAX_VALUE)).isEqualTo("format=csv: ended after 3 bytes");
      SoakStreams.Stream refused = new SoakStreams.Stream(base, "format=x", false);
      answer(server, "HTTP/1.1 400 Bad Request\r\n\r\n");
      refused.read();
      assertThat(refused.problem(System.nanoTime(), Long.MAX_VALUE))
          .isEqualTo("format=x: answered HTTP/1.1 400 Bad Request");
      SoakStreams.Stream quiet = new SoakStreams.Stream(base, "format=sse", false);
      SoakStreams.Stream stalled = new SoakStreams.Stream(base, "format=binary", true);
      long later = System.nanoTime() + 61_000_000_000L;
      assertThat(quiet.problem(later, 60_000_000_000L)).startsWith("format=sse: no byte for 6");
      assertThat(quiet.problem(System.nanoTime(), 60_000_000_000L)).isNull();
      assertThat(stalled.problem(later, 60_000_000_000L)).as("a stalled client reads nothing").isNull();
    }
  }

  private static void answer(ServerSocket server, String response) throws Exception {
    try (Socket s = server.accept()) {
      OutputStream out = s.getOutputStream();
      out.write(response.getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
  }
}

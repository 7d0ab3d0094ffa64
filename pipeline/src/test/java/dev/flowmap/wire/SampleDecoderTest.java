package dev.flowmap.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SampleDecoderTest {
  private static final String NDJSON = "{\"x\":0.5,\"y\":-1.0}\n{\"x\":1.0E-7,\"y\":2.0}\n";
  private static final String CSV = "x,y\n0.5,-1.0\n1.0E-7,2.0\n";
  private static final String SSE = "event: samples\nid: 0\ndata: {\"batch\":0,\"steps\":1,\"xy\":[0.5,-1.0]}\n\n"
      + "event: samples\nid: 1\ndata: {\"batch\":1,\"steps\":1,\"xy\":[1.0E-7,2.0]}\n\nevent: end\ndata: {}\n\n";

  @ParameterizedTest
  @CsvSource({"NDJSON,1", "NDJSON,5", "CSV,1", "CSV,7", "SSE,3", "SSE,1000", "BINARY,1", "BINARY,3"})
  void decodesTheSamePointsWhateverTheChunkBoundaries(SampleFormat format, int chunk) {
    byte[] body = switch (format) {
      case NDJSON -> NDJSON.getBytes(StandardCharsets.US_ASCII);
      case CSV -> CSV.getBytes(StandardCharsets.US_ASCII);
      case SSE -> SSE.getBytes(StandardCharsets.US_ASCII);
      case BINARY -> ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
          .putFloat(0.5f).putFloat(-1f).putFloat(1e-7f).putFloat(2f).array();
    };
    SampleDecoder d = new SampleDecoder(format);
    List<Float> got = new ArrayList<>();
    for (int i = 0; i < body.length; i += chunk) {
      d.feed(Arrays.copyOfRange(body, i, Math.min(body.length, i + chunk)), (x, y) -> {
        got.add((float) x);
        got.add((float) y);
      });
    }
    assertThat(d.pending()).isZero();
    assertThat(got).containsExactly(0.5f, -1f, 1e-7f, 2f);
  }

  @Test
  void reportsAnUndecodableLine() {
    SampleDecoder d = new SampleDecoder(SampleFormat.CSV);
    assertThatThrownBy(() -> d.feed("x,y\nnope\n".getBytes(StandardCharsets.US_ASCII), (x, y) -> { }))
        .hasMessageContaining("cannot decode csv line: nope");
  }
}

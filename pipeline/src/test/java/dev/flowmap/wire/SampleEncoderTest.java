package dev.flowmap.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SampleEncoderTest {
  private final float[] xy = {0.5f, -1.25f, 1e-7f, 2f, Float.NaN, 0f};

  private String text(SampleFormat f, int n) {
    return new String(SampleEncoder.encode(f, xy, n, 3, 8), StandardCharsets.US_ASCII);
  }

  @Test
  void binaryIsLittleEndianFloatPairs() {
    byte[] b = SampleEncoder.encode(SampleFormat.BINARY, xy, 2, 0, 1);
    assertThat(b).hasSize(16);
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(new float[] {buf.getFloat(), buf.getFloat(), buf.getFloat(), buf.getFloat()})
        .containsExactly(0.5f, -1.25f, 1e-7f, 2f);
  }

  @Test
  void textFormatsRoundTripFloatsAndWriteNullForNan() {
    assertThat(text(SampleFormat.NDJSON, 3))
        .isEqualTo("{\"x\":0.5,\"y\":-1.25}\n{\"x\":1.0E-7,\"y\":2.0}\n{\"x\":null,\"y\":0.0}\n");
    assertThat(text(SampleFormat.CSV, 2)).isEqualTo("0.5,-1.25\n1.0E-7,2.0\n");
    assertThat(text(SampleFormat.SSE, 1))
        .isEqualTo("event: samples\nid: 3\ndata: {\"batch\":3,\"steps\":8,\"xy\":[0.5,-1.25]}\n\n");
  }

  @Test
  void onlyCsvHasAHeaderAndOnlySseATrailer() {
    assertThat(new String(SampleEncoder.header(SampleFormat.CSV), StandardCharsets.US_ASCII)).isEqualTo("x,y\n");
    assertThat(SampleEncoder.header(SampleFormat.NDJSON)).isEmpty();
    assertThat(new String(SampleEncoder.trailer(SampleFormat.SSE), StandardCharsets.US_ASCII))
        .isEqualTo("event: end\ndata: {}\n\n");
    assertThat(SampleEncoder.trailer(SampleFormat.BINARY)).isEmpty();
  }
}

package dev.flowmap.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmap.wire.SampleFormat;
import java.net.ConnectException;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The stream URI built from a server's base URI, and the one-line reasons a read fails. */
class SamplesClientTest {
  @Test
  void addsThePathOnceAndTheQuery() {
    assertThat(SamplesClient.streamUri(URI.create("http://h:1/"), 4, SampleFormat.BINARY, 0))
        .hasToString("http://h:1/samples?steps=4&format=binary");
    assertThat(SamplesClient.streamUri(URI.create("http://h:1/x/samples//"), 1, SampleFormat.CSV, 7))
        .hasToString("http://h:1/x/samples?steps=1&format=csv&count=7");
    assertThat(SamplesClient.streamUri(URI.create("https://h:1"), 2, SampleFormat.SSE, 0))
        .hasToString("https://h:1/samples?steps=2&format=sse");
  }

  @Test
  void aRefusedConnectionSaysSoAndOtherwiseTheFirstMessage() {
    RuntimeException refused = new IllegalStateException(new ConnectException("Connection refused"));
    assertThat(SamplesClient.reason(refused))
        .isEqualTo("cannot connect (Connection refused); is the server running?");
    assertThat(SamplesClient.reason(new RuntimeException(new IllegalStateException("server answered 400"))))
        .startsWith("java.lang.IllegalStateException: server answered 400");
    assertThat(SamplesClient.reason(new RuntimeException((String) null,
        new IllegalStateException("stream ended inside a sample (3 bytes)"))))
        .isEqualTo("stream ended inside a sample (3 bytes)");
  }
}

package dev.flowmap.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** The checks that run before any connection, and the reasons failures are counted under. */
class KafkaConnectionTest {
  @Test
  void topicNamesKafkaRefusesAreNamedInTheMessage() {
    for (String bad : new String[] {"", ".", "..", "a b", "a/b", "x".repeat(250)}) {
      assertThatThrownBy(() -> KafkaConnection.validateTopic(bad))
          .isInstanceOf(KafkaSetupException.class).hasMessageContaining("bad topic name '" + bad + "'");
    }
    KafkaConnection.validateTopic("flowmap-samples.v1_2");
  }

  @Test
  void aBootstrapWithoutPortOrWithAnUnknownHostIsRefusedBeforeConnecting() {
    assertThatThrownBy(() -> KafkaConnection.validateBootstrap("127.0.0.1"))
        .isInstanceOf(KafkaSetupException.class).hasMessageContaining("'127.0.0.1': expected HOST:PORT");
    assertThatThrownBy(() -> KafkaConnection.validateBootstrap("no-such-host.invalid:9092"))
        .isInstanceOf(KafkaSetupException.class).hasMessageContaining("unknown host");
    KafkaConnection.validateBootstrap("127.0.0.1:9092");
  }

  @Test
  void failuresAreCountedUnderAFewReasons() {
    assertThat(SamplePublisher.reason(new TimeoutException("t"))).isEqualTo("timeout");
    assertThat(SamplePublisher.reason(new NetworkException("n"))).isEqualTo("disconnected");
    assertThat(SamplePublisher.reason(new RecordTooLargeException("r"))).isEqualTo("rejected");
    assertThat(SamplePublisher.reason(new IllegalStateException("i"))).isEqualTo("other");
    assertThat(KafkaMetrics.REASONS).contains("timeout", "disconnected", "rejected", "other");
  }
}

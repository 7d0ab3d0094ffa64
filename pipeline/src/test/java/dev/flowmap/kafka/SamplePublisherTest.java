package dev.flowmap.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmap.model.Activation;
import dev.flowmap.model.FlowMapMlp;
import dev.flowmap.sample.EmaOrRaw;
import dev.flowmap.sample.Integrator;
import dev.flowmap.sample.SnapshotGenerator;
import dev.flowmap.wire.SampleFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * How a publisher closes its producer: a stop while the broker is away drops what the producer
 * holds at once (a process asked to exit must not wait out delivery timeouts on a dead broker); a
 * stop with the broker up gives it a short grace; running to the count flushes and waits. And its
 * settings: defaults, one wither per setting, errors that name the setting.
 */
class SamplePublisherTest {
  /** A producer that never completes a send by itself and records how it was closed. */
  static final class RecordingProducer extends MockProducer<Long, byte[]> {
    static final Node NODE = new Node(0, "localhost", 1);
    final List<Duration> closes = new ArrayList<>();
    int flushes;

    RecordingProducer() {
      super(new Cluster("c", List.of(NODE), List.of(new PartitionInfo("t", 0, NODE,
          new Node[] {NODE}, new Node[] {NODE})), Set.of(), Set.of()), false, null,
          new LongSerializer(), new ByteArraySerializer());
    }

    @Override
    public synchronized void flush() {
      flushes++;
      super.flush();
    }

    @Override
    public synchronized void close(Duration timeout) {
      closes.add(timeout);
      super.close(timeout);
    }
  }

  private static SamplePublisher publisher(RecordingProducer producer, long count) {
    FlowMapMlp net = FlowMapMlp.create(8, 1, Activation.SILU, DataType.FLOAT, 1, 1, 0);
    SnapshotGenerator generator = new SnapshotGenerator(new SnapshotGenerator.Weights(net, net, 0),
        1.0, Integrator.MAP, 64);
    return new SamplePublisher(SamplePublisher.Settings.to("localhost:1", "t", "test")
        .withWeights(EmaOrRaw.RAW).withBatch(64).withCount(count), generator,
        new KafkaMetrics(new SimpleMeterRegistry(), false), producer);
  }

  private static Thread running(SamplePublisher p) {
    Thread t = new Thread(p::run, "publisher-under-test");
    t.start();
    return t;
  }

  private static void awaitSent(RecordingProducer producer, int n) throws InterruptedException {
    for (int i = 0; i < 6000 && producer.history().size() < n; i++) {
      Thread.sleep(10);
    }
    assertThat(producer.history().size()).as("records handed to the producer").isGreaterThanOrEqualTo(n);
  }

  @Test
  void aStopDuringAnOutageClosesWithoutFlushingOrWaiting() throws Exception {
    RecordingProducer producer = new RecordingProducer();
    SamplePublisher p = publisher(producer, 0);
    Thread t = running(p);
    awaitSent(producer, 2);
    assertThat(producer.errorNext(new NetworkException("broker gone"))).isTrue(); // the outage
    p.stop();
    t.join(60_000);
    assertThat(t.isAlive()).isFalse();
    assertThat(p.failed()).isEqualTo(1);
    assertThat(producer.flushes).isZero();
    assertThat(producer.closes).containsExactly(Duration.ZERO);
  }

  @Test
  void aStopWithTheBrokerUpGivesItAShortGrace() throws Exception {
    RecordingProducer producer = new RecordingProducer();
    SamplePublisher p = publisher(producer, 0);
    Thread t = running(p);
    awaitSent(producer, 2);
    p.stop();
    t.join(60_000);
    assertThat(producer.flushes).isZero();
    assertThat(producer.closes).containsExactly(SamplePublisher.STOP_GRACE);
  }

  @Test
  void publishingTheWholeCountFlushesAndWaitsForAcknowledgements() throws Exception {
    RecordingProducer producer = new RecordingProducer();
    SamplePublisher p = publisher(producer, 3 * 64);
    Thread t = running(p);
    t.join(60_000);
    assertThat(producer.history()).hasSize(3);
    assertThat(producer.flushes).isEqualTo(1);
    assertThat(producer.closes).containsExactly(SamplePublisher.DONE_GRACE);
  }

  @Test
  void settingsStartFromDefaultsAndEachWitherSetsOneField() {
    SamplePublisher.Settings s = SamplePublisher.Settings.to("h:9092", "t", "run");
    assertThat(s).isEqualTo(new SamplePublisher.Settings("h:9092", "t", 1, EmaOrRaw.EMA, 0,
        SamplePublisher.DEFAULT_BATCH, 0, 0, SampleFormat.BINARY, "run"));
    assertThat(s.withSteps(4).withWeights(EmaOrRaw.RAW).withSeed(-7).withBatch(512).withCount(10_000)
        .withRate(250.5).withFormat(SampleFormat.NDJSON))
        .isEqualTo(new SamplePublisher.Settings("h:9092", "t", 4, EmaOrRaw.RAW, -7, 512, 10_000, 250.5,
            SampleFormat.NDJSON, "run"));
  }

  @Test
  void aBadSettingIsNamedWithItsValue() {
    SamplePublisher.Settings s = SamplePublisher.Settings.to("h:9092", "t", "run");
    assertThatThrownBy(() -> s.withSteps(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("publish setting steps must be >= 1, got 0");
    assertThatThrownBy(() -> s.withBatch(0)).hasMessage("publish setting batch must be >= 1, got 0");
    assertThatThrownBy(() -> s.withCount(-1)).hasMessage("publish setting count must be >= 0, got -1");
    assertThatThrownBy(() -> s.withRate(Double.NaN))
        .hasMessage("publish setting rate must be >= 0, got NaN");
    assertThatThrownBy(() -> s.withRate(-1)).hasMessage("publish setting rate must be >= 0, got -1.0");
    assertThatThrownBy(() -> s.withFormat(SampleFormat.CSV))
        .hasMessage("publish setting format must be binary or ndjson, got csv");
  }
}

package dev.flowmap.kafka;

import dev.flowmap.eval.ConsumeStats;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@code consume --kafka}: reads a sample topic as one member of a consumer group with the plain
 * Kafka client, decoding each record by its {@code format} header ({@link SampleRecord}); records
 * that are not sample batches are skipped and counted. The example to copy.
 */
public final class SampleConsumer {
  private static final long LOG_LINE_NANOS = 10_000_000_000L;
  private final boolean terminal = System.console() != null;
  private final String bootstrap;
  private final String topic;
  private final String group;
  private final long count;
  private volatile KafkaConsumer<byte[], byte[]> consumer;

  public SampleConsumer(String bootstrap, String topic, String group, long count) {
    this.bootstrap = bootstrap;
    this.topic = topic;
    this.group = group;
    this.count = count;
  }

  /** Reads until {@code count} samples arrived (or forever when 0, until {@link #wakeup()}). */
  public void run(ConsumeStats stats, PrintWriter out, PrintWriter err) {
    KafkaConnection.check(bootstrap, topic, false);
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // keys are not read: raw bytes, so a record with a foreign key cannot stop the consumer
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    out.println("reading topic " + topic + " at " + bootstrap + " in group " + group);
    out.flush();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
      consumer = c;
      c.subscribe(List.of(topic));
      while (count == 0 || stats.received() < count) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
          SampleRecord.Decoded d = SampleRecord.decode(r.headers(), r.value());
          if (d.refused() != null) {
            if (stats.skipped() == 0) {
              err.println("consume: skipping records that are not sample batches (counted in the"
                  + " summary); the first, partition " + r.partition() + " offset " + r.offset()
                  + ": " + d.refused());
              err.flush();
            }
            stats.skip();
            continue;
          }
          for (int i = 0; i < d.points() && (count == 0 || stats.received() < count); i++) {
            stats.add(d.xy()[2 * i], d.xy()[2 * i + 1]);
          }
        }
        if (terminal) {
          stats.maybePrint(out, System.nanoTime());
        } else {
          stats.maybePrintLine(out, System.nanoTime(), LOG_LINE_NANOS);
        }
      }
      c.commitSync();
    } catch (WakeupException e) {
      // Ctrl-C: stop reading; the offsets read so far were committed by the close
    } finally {
      consumer = null;
    }
  }

  /** Makes a blocked {@link #run} return (from the signal handler). */
  public void wakeup() {
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }
}

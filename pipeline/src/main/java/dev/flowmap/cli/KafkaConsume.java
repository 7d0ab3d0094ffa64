package dev.flowmap.cli;

import dev.flowmap.kafka.KafkaConnection;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.LongDeserializer;

/**
 * {@code consume --kafka}: reads a sample topic as one member of a consumer group with the plain
 * Kafka client, decoding each record by its {@code format} header; the example to copy.
 */
final class KafkaConsume {
  private static final long LOG_LINE_NANOS = 10_000_000_000L;
  private final boolean terminal = System.console() != null;
  private final String bootstrap;
  private final String topic;
  private final String group;
  private final long count;
  private volatile KafkaConsumer<Long, byte[]> consumer;

  KafkaConsume(String bootstrap, String topic, String group, long count) {
    this.bootstrap = bootstrap;
    this.topic = topic;
    this.group = group;
    this.count = count;
  }

  /** Reads until {@code count} samples arrived (or forever when 0, until {@link #wakeup()}). */
  void run(ConsumeStats stats, PrintWriter out) {
    KafkaConnection.check(bootstrap, topic, false);
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, LongDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    out.println("reading topic " + topic + " at " + bootstrap + " in group " + group);
    out.flush();
    try (KafkaConsumer<Long, byte[]> c = new KafkaConsumer<>(p)) {
      consumer = c;
      c.subscribe(List.of(topic));
      while (count == 0 || stats.received() < count) {
        for (ConsumerRecord<Long, byte[]> r : c.poll(Duration.ofMillis(500))) {
          new ConsumeDecoder(header(r, "format", "binary")).feed(r.value(), (x, y) -> {
            if (count == 0 || stats.received() < count) {
              stats.add(x, y);
            }
          });
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
  void wakeup() {
    KafkaConsumer<Long, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }

  private static String header(ConsumerRecord<?, ?> r, String key, String fallback) {
    Header h = r.headers().lastHeader(key);
    return h == null ? fallback : new String(h.value(), StandardCharsets.UTF_8);
  }
}

package dev.flowmap.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.LongDeserializer;

/**
 * A consumer group of three members reading the topic with the plain Kafka client, as a
 * downstream program would. It remembers every offset and every batch key it was given, so that
 * a batch the group missed shows as a hole.
 */
final class SoakGroup implements AutoCloseable {
  private final List<KafkaConsumer<Long, byte[]>> members = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final Map<Integer, BitSet> offsets = new HashMap<>();
  private final BitSet keys = new BitSet();
  final AtomicLong records = new AtomicLong();
  private volatile String failure;

  SoakGroup(String bootstrap, String topic, String group, int size) {
    for (int i = 0; i < size; i++) {
      Properties p = new Properties();
      p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
      p.put(ConsumerConfig.CLIENT_ID_CONFIG, group + "-" + i);
      p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, LongDeserializer.class.getName());
      p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
      KafkaConsumer<Long, byte[]> c = new KafkaConsumer<>(p);
      c.subscribe(List.of(topic));
      members.add(c);
      Thread t = new Thread(() -> poll(c), "soak-consumer-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
  }

  private void poll(KafkaConsumer<Long, byte[]> c) {
    try {
      while (true) {
        for (ConsumerRecord<Long, byte[]> r : c.poll(Duration.ofMillis(500))) {
          synchronized (this) {
            offsets.computeIfAbsent(r.partition(), k -> new BitSet()).set((int) r.offset());
            keys.set(Math.toIntExact(r.key()));
          }
          records.incrementAndGet();
        }
      }
    } catch (WakeupException e) {
      // close()
    } catch (RuntimeException e) {
      failure = Thread.currentThread().getName() + ": " + e;
    } finally {
      c.close(Duration.ofSeconds(10));
    }
  }

  /** Null while every member polls; else the first one that stopped and why. */
  String problem() {
    return failure;
  }

  /** The holes: offsets below each partition's end and batch keys below the batches published. */
  synchronized List<String> missed(Map<TopicPartition, Long> ends) {
    return holes(offsets, keys, ends);
  }

  static List<String> holes(Map<Integer, BitSet> offsets, BitSet keys, Map<TopicPartition, Long> ends) {
    List<String> out = new ArrayList<>();
    long total = 0;
    Map<TopicPartition, Long> byPartition =
        new java.util.TreeMap<>(java.util.Comparator.comparingInt(TopicPartition::partition));
    byPartition.putAll(ends);
    for (Map.Entry<TopicPartition, Long> e : byPartition.entrySet()) {
      BitSet seen = offsets.getOrDefault(e.getKey().partition(), new BitSet());
      int hole = seen.nextClearBit(0);
      if (hole < e.getValue()) {
        out.add("partition " + e.getKey().partition() + ": offset " + hole + " of " + e.getValue()
            + " never read");
      }
      total += e.getValue();
    }
    int key = keys.nextClearBit(0);
    if (key < total) {
      out.add("batch " + key + " of " + total + " never read");
    }
    return out;
  }

  /** Distinct offsets read, over all partitions. */
  synchronized long distinct() {
    return offsets.values().stream().mapToLong(BitSet::cardinality).sum();
  }

  @Override
  public void close() throws InterruptedException {
    members.forEach(KafkaConsumer::wakeup);
    for (Thread t : threads) {
      t.join(15_000);
    }
  }
}

package dev.flowmap.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmap.kafka.TestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The soak ({@code mvn -Psoak verify -Dsoak.minutes=N}, docs/soak.md): everything a user runs at
 * once, for N minutes. {@code train --kafka} in its own JVM publishing to a real broker, four
 * {@code /samples} streams in four formats (one stalled), a three-member consumer group on the
 * topic and a {@code /metrics} scrape every 2 s. Every 30 s the trainer's RSS, heap after a full
 * GC, ND4J off-heap bytes, threads and open files go to {@code soak.csv}; it fails when one grows
 * beyond its bound after the warm-up, when a stream or the metrics stop answering, or when the
 * group misses a batch. Not a {@code *Test}: plain {@code mvn test} never runs it.
 */
class TrainingSoak {
  private static final long SILENT_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final long PERIOD_NANOS = TimeUnit.SECONDS.toNanos(30);

  @Test
  void everythingAtOnceHoldsSteadyForTheWholeSoak() throws Exception {
    double minutes = Double.parseDouble(System.getProperty("soak.minutes", "5"));
    double warmup = SoakBounds.warmupMinutes(minutes);
    Path out = Path.of(System.getProperty("soak.out", "target/soak")).toAbsolutePath();
    clear(out); // a soak starts a fresh run: train refuses a directory that holds one
    Files.createDirectories(out);
    TestBroker broker = TestBroker.shared();
    String topic = "soak-" + System.currentTimeMillis();
    broker.createTopic(topic, 3);
    List<SoakRow> rows = new ArrayList<>();
    long[] bounds = null;
    Path csv = out.resolve("soak.csv");
    Files.writeString(csv, SoakRow.HEADER + "\n");
    try (SoakTrainer trainer = SoakTrainer.start(out, broker.bootstrap(), topic);
         SoakGroup group = new SoakGroup(broker.bootstrap(), topic, "soak", 3);
         SoakStreams streams = SoakStreams.open(trainer.base());
         SoakScraper scraper = new SoakScraper(trainer.base())) {
      long t0 = System.nanoTime();
      long end = t0 + (long) (minutes * 60e9);
      long consumedBefore = -1;
      try {
        for (long next = t0 + PERIOD_NANOS; ; next += PERIOD_NANOS) {
          TimeUnit.NANOSECONDS.sleep(Math.max(0, Math.min(next, end) - System.nanoTime()));
          assertThat(trainer.alive()).as("trainer exited: %s", trainer.tail()).isTrue();
          assertThat(streams.problems(SILENT_NANOS)).as("streams").isEmpty();
          assertThat(scraper.problem(SILENT_NANOS)).as("metrics").isNull();
          assertThat(group.problem()).as("consumer group").isNull();
          SoakRow row = read(trainer, scraper, group, streams, (System.nanoTime() - t0) / 60e9);
          rows.add(row);
          Files.writeString(csv, row.csv() + "\n", java.nio.file.StandardOpenOption.APPEND);
          System.out.println("soak " + row.csv());
          assertThat(row.consumed()).as("the group reads on").isGreaterThan(consumedBefore);
          consumedBefore = row.consumed();
          if (bounds == null && row.minutes() >= warmup) {
            bounds = SoakBounds.bounds(rows);
            Files.writeString(out.resolve("bounds.txt"), String.format(Locale.ROOT,
                "warm-up %.1f min; bounds: rss %d, heap after GC %d, off-heap %d, threads %d, fds %d%n",
                warmup, bounds[0], bounds[1], bounds[2], bounds[3], bounds[4]));
          } else if (bounds != null) {
            assertThat(SoakBounds.exceeded(row, bounds)).as("growth after the warm-up").isEmpty();
          }
          if (System.nanoTime() >= end) {
            break;
          }
        }
        assertThat(bounds).as("a soak longer than its warm-up (%.1f min)", warmup).isNotNull();
        assertThat(trainer.stop()).as("trainer exit on SIGTERM: %s", trainer.tail()).isZero();
        Map<TopicPartition, Long> ends = endOffsets(broker, topic);
        long total = ends.values().stream().mapToLong(Long::longValue).sum();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (group.distinct() < total && System.nanoTime() < deadline && group.problem() == null) {
          Thread.sleep(500);
        }
        assertThat(total).as("records in the topic against those acknowledged before the stop")
            .isGreaterThanOrEqualTo(rows.get(rows.size() - 1).published()).isPositive();
        assertThat(group.missed(ends)).as("batches the group missed").isEmpty();
        System.out.printf(Locale.ROOT, "soak: %.1f min, %d records published, %d read (%d distinct), "
                + "%d scrapes ok, %d failed, %d stream bytes%n", rows.get(rows.size() - 1).minutes(),
            total, group.records.get(), group.distinct(), scraper.ok.get(), scraper.failed.get(),
            streams.bytesRead());
      } finally {
        if (!rows.isEmpty()) {
          SoakFigure.write(out.resolve("soak.png"), rows, warmup, bounds);
        }
      }
    }
  }

  private static void clear(Path dir) throws java.io.IOException {
    if (Files.exists(dir)) {
      try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private static SoakRow read(SoakTrainer trainer, SoakScraper scraper, SoakGroup group,
                              SoakStreams streams, double minutes) throws Exception {
    trainer.fullGc();
    Map<String, Double> m = scraper.scrape();
    return new SoakRow(minutes, trainer.rssBytes(), value(m, "flowmap_jvm_heap_after_gc_bytes"),
        value(m, "flowmap_nd4j_offheap_bytes"), value(m, "jvm_threads_live_threads"),
        trainer.openFds(), value(m, "flowmap_train_steps_total"),
        value(m, "flowmap_kafka_records_total"), group.records.get(), streams.bytesRead(),
        scraper.ok.get());
  }

  private static long value(Map<String, Double> metrics, String name) {
    Double v = metrics.get(name);
    assertThat(v).as("%s in /metrics", name).isNotNull();
    return Math.round(v);
  }

  private static Map<TopicPartition, Long> endOffsets(TestBroker broker, String topic) throws Exception {
    try (Admin admin = broker.admin()) {
      Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
      for (int p = 0; p < 3; p++) {
        latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      Map<TopicPartition, Long> ends = new java.util.HashMap<>();
      admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS)
          .forEach((tp, info) -> ends.put(tp, info.offset()));
      return ends;
    }
  }
}

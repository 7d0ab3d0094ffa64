package dev.flowmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmap.kafka.TestBroker;
import dev.flowmap.sample.SnapshotGenerator;
import dev.flowmap.serve.Stack;
import dev.flowmap.train.CheckpointModel;
import dev.flowmap.train.ComputeContext;
import dev.flowmap.train.RunSetup;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;

/**
 * {@code publish} and {@code consume --kafka} against a real KRaft broker ({@link TestBroker}),
 * publishing from the shared smoke checkpoint.
 */
@Timeout(300)
class KafkaCommandsTest {
  private static TestBroker broker;
  private static Path checkpoint;

  @BeforeAll
  static void start() throws Exception {
    broker = TestBroker.shared();
    checkpoint = SmokeRun.dir();
  }

  private static Cli publish(String topic, String... more) {
    List<String> args = new ArrayList<>(List.of("publish", "--checkpoint", checkpoint.toString(),
        "--bootstrap", broker.bootstrap(), "--topic", topic));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void aMillionSamplesReachAGroupOfThreeEachBatchOnceWithTheValuesOfSamples() throws Exception {
    String topic = "million";
    broker.createTopic(topic, 6);
    Map<Long, byte[]> values = new ConcurrentHashMap<>();
    List<Long> duplicates = new CopyOnWriteArrayList<>();
    AtomicInteger[] perConsumer = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
    AtomicInteger assigned = new AtomicInteger();
    AtomicBoolean done = new AtomicBoolean();
    List<Thread> consumers = new ArrayList<>();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    int batch = 4096;
    int records = (1_000_000 + batch - 1) / batch;
    for (int i = 0; i < 3; i++) {
      int me = i;
      Thread t = new Thread(() -> {
        try (KafkaConsumer<Long, byte[]> c = consumer("three")) {
          c.subscribe(List.of(topic));
          boolean counted = false;
          while (!done.get()) {
            var polled = c.poll(Duration.ofMillis(200));
            if (!counted && c.assignment().size() == 2) {
              counted = true;
              assigned.incrementAndGet();
            }
            for (ConsumerRecord<Long, byte[]> r : polled) {
              if (values.putIfAbsent(r.key(), r.value()) != null) {
                duplicates.add(r.key());
              }
              perConsumer[me].incrementAndGet();
              assertThat(header(r, "steps")).isEqualTo("1");
              assertThat(header(r, "seed")).isEqualTo("42");
              assertThat(header(r, "format")).isEqualTo("binary");
            }
            c.commitSync(); // what was processed is committed before a rebalance can move it
            if (values.size() >= records) {
              done.set(true);
            }
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      }, "consumer-" + i);
      t.start();
      consumers.add(t);
    }
    awaitTrue(() -> assigned.get() == 3 || !failures.isEmpty(), 120, "three consumers with 2 partitions each");

    Cli published = publish(topic, "--count", "1000000", "--seed", "42");
    assertThat(published.exit()).as(published.err()).isZero();
    assertThat(published.err()).contains("done: 1,000,000 samples", records + " records");

    for (Thread t : consumers) {
      t.join(TimeUnit.SECONDS.toMillis(120));
    }
    assertThat(failures).isEmpty();
    assertThat(duplicates).as("batch indices delivered twice").isEmpty();
    assertThat(values.keySet()).as("batch indices").hasSize(records)
        .allMatch(k -> k >= 0 && k < records);
    for (AtomicInteger n : perConsumer) {
      assertThat(n.get()).as("records per consumer").isPositive();
    }

    byte[] http = samplesOverHttp(1_000_000, 42);
    for (long k = 0; k < records; k++) {
      int from = (int) (k * batch * 8);
      byte[] expected = Arrays.copyOfRange(http, from, Math.min(http.length, from + batch * 8));
      assertThat(values.get(k)).as("batch %d", k).isEqualTo(expected);
    }
  }

  @Test
  void consumeReadsThePublishedTopicAndScoresIt() {
    Cli published = publish("for-consume", "--count", "50000", "--seed", "7", "--format", "ndjson");
    assertThat(published.exit()).as(published.err()).isZero();
    Cli consumed = Cli.run("consume", "--kafka", broker.bootstrap(), "--topic", "for-consume",
        "--group", "cli", "--count", "50000");
    assertThat(consumed.exit()).as(consumed.err()).isZero();
    assertThat(consumed.out()).contains("done: 50,000 samples", "in support");
  }

  /**
   * A group member that has joined, committed its position 0 and reads nothing while the
   * publisher runs: the publisher still finishes, every record acknowledged and held by the broker
   * (the backlog is everything it sent, whatever the machine's speed), and the consumer then reads
   * all of it.
   *
   * <p>{@code publish} runs on a thread of its own and must finish within
   * {@value #PUBLISH_LIVENESS_S} s (400,000 samples; seconds on an idle machine) while the consumer
   * is still stalled. A publisher that waited for its consumers does not: the test then releases
   * the consumer, which lets such a publisher go on, and fails naming how far it had got. The
   * consumer's own wait is longer than that bound, so its giving up cannot be what frees the
   * publisher.
   */
  @Test
  void aStalledConsumerDoesNotHoldUpThePublisher() throws Exception {
    String topic = "stalled";
    int records = (400_000 + 4095) / 4096;
    broker.createTopic(topic, 1);
    TopicPartition partition = new TopicPartition(topic, 0);
    CountDownLatch joined = new CountDownLatch(1);
    CountDownLatch published = new CountDownLatch(1);
    Set<Long> read = ConcurrentHashMap.newKeySet();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    Thread stalled = new Thread(() -> {
      try (KafkaConsumer<Long, byte[]> c = consumer("stalled")) {
        c.subscribe(List.of(topic));
        while (c.assignment().isEmpty()) {
          c.poll(Duration.ofMillis(200)).forEach(r -> read.add(r.key()));
        }
        // its position, 0, committed: the group lags by all that is published, as lag is shown
        // from committed offsets (a group that never committed on a topic shows no lag there)
        c.commitSync(Map.of(partition, new OffsetAndMetadata(0)));
        joined.countDown();
        // stalled: no poll until the test releases it (well inside max.poll.interval.ms)
        if (!published.await(2 * PUBLISH_LIVENESS_S, TimeUnit.SECONDS)) {
          throw new AssertionError("the stalled consumer was never released");
        }
        while (read.size() < records) {
          c.poll(Duration.ofMillis(200)).forEach(r -> read.add(r.key()));
          c.commitSync();
        }
      } catch (Throwable e) {
        failures.add(e);
      }
    }, "stalled-consumer");
    stalled.start();
    AtomicReference<Cli> done = new AtomicReference<>();
    Thread publisher = new Thread(() -> done.set(publish(topic, "--count", "400000", "--batch", "4096")),
        "stalled-publisher");
    try {
      assertThat(joined.await(120, TimeUnit.SECONDS)).as("the consumer joined its group").isTrue();
      publisher.start();
      publisher.join(TimeUnit.SECONDS.toMillis(PUBLISH_LIVENESS_S));
      if (publisher.isAlive()) {
        long onBroker = endOffset(partition);
        published.countDown(); // a publisher that waits for its consumers can go on now
        long released = System.nanoTime();
        publisher.join(TimeUnit.SECONDS.toMillis(60));
        throw new AssertionError(String.format(java.util.Locale.ROOT, "publish had not finished %d s"
                + " after it started, with a consumer of its topic stalled (%d of %d records on the"
                + " broker); once the consumer was released it %s", PUBLISH_LIVENESS_S, onBroker,
            records, publisher.isAlive() ? "still had not finished after 60 s"
                : String.format(java.util.Locale.ROOT, "finished within %.1f s",
                    (System.nanoTime() - released) / 1e9)));
      }
      assertThat(done.get()).as("publish returned").isNotNull();
      assertThat(done.get().exit()).as(done.get().err()).isZero();
      assertThat(done.get().err()).contains("done: 400,000 samples", records + " records");
      try (var admin = broker.admin()) {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("stalled")
            .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        assertThat(committed.get(partition)).as("the stalled group's committed offset").isNotNull();
        long end = endOffset(partition);
        assertThat(end).as("records the broker acknowledged").isEqualTo(records);
        assertThat(end - committed.get(partition).offset()).as("backlog held by the broker: all of it")
            .isEqualTo(records);
      }
    } finally {
      published.countDown();
      stalled.join(120_000);
      publisher.join(60_000);
    }
    assertThat(failures).isEmpty();
    assertThat(read).as("batch indices the consumer read once released").hasSize(records)
        .allMatch(k -> k >= 0 && k < records);
  }

  /** How long {@code publish} may take while a consumer of its topic is stalled (a liveness bound). */
  private static final int PUBLISH_LIVENESS_S = 120;

  private static long endOffset(TopicPartition p) throws Exception {
    try (var admin = broker.admin()) {
      return admin.listOffsets(Map.of(p, org.apache.kafka.clients.admin.OffsetSpec.latest()))
          .partitionResult(p).get(30, TimeUnit.SECONDS).offset();
    }
  }

  /**
   * Records that are not sample batches, on the topic before the published ones: keys of any
   * length, no value, unknown or empty format headers, values cut inside a sample, text that is
   * not ndjson. {@code consume --kafka} skips and counts each one and still reads every sample.
   */
  @Test
  void consumeSkipsAndCountsRecordsThatAreNotSampleBatches() throws Exception {
    String topic = "junk-first";
    broker.createTopic(topic, 1);
    java.util.SplittableRandom random = new java.util.SplittableRandom(17);
    int junk = 300;
    Properties p = new Properties();
    p.put(org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
    p.put(org.apache.kafka.clients.producer.ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
        org.apache.kafka.common.serialization.ByteArraySerializer.class.getName());
    p.put(org.apache.kafka.clients.producer.ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
        org.apache.kafka.common.serialization.ByteArraySerializer.class.getName());
    try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(p)) {
      for (int i = 0; i < junk; i++) {
        byte[] key = random.nextInt(4) == 0 ? null : bytes(random, random.nextInt(12));
        var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        byte[] value;
        switch (i % 5) {
          case 0 -> value = null;
          case 1 -> {
            headers.add("format", bytes(random, 1 + random.nextInt(8)));
            headers.add("format", "xml".getBytes(StandardCharsets.UTF_8));
            value = bytes(random, 8 * random.nextInt(20));
          }
          case 2 -> {
            headers.add("format", null);
            value = bytes(random, 8 * random.nextInt(20));
          }
          case 3 -> {
            headers.add("steps", bytes(random, random.nextInt(6)));
            value = bytes(random, 8 * random.nextInt(20) + 1 + random.nextInt(7)); // ends inside a sample
          }
          default -> {
            headers.add("format", "ndjson".getBytes(StandardCharsets.UTF_8));
            value = ("{\"x\":" + random.nextInt() + "}\n").getBytes(StandardCharsets.UTF_8);
          }
        }
        producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, null, key, value,
            headers)).get(30, TimeUnit.SECONDS);
      }
    }
    Cli published = publish(topic, "--count", "20000", "--seed", "3", "--format", "ndjson");
    assertThat(published.exit()).as(published.err()).isZero();
    Cli consumed = Cli.run("consume", "--kafka", broker.bootstrap(), "--topic", topic,
        "--group", "junk", "--count", "20000");
    assertThat(consumed.exit()).as(consumed.err()).isZero();
    assertThat(consumed.out()).contains("done: 20,000 samples",
        "; skipped " + junk + " records that were not sample batches");
    assertThat(consumed.errLines()).hasSize(1);
    assertThat(consumed.err()).startsWith("consume: skipping records that are not sample batches")
        .contains("partition 0 offset 0: no value");
  }

  private static byte[] bytes(java.util.SplittableRandom random, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) random.nextInt(256);
    }
    return b;
  }

  @Test
  void badInputIsOneLineAndExitCode2() throws Exception {
    String ck = checkpoint.toString();
    String b = broker.bootstrap();
    List<List<String>> cases = List.of(
        List.of("publish", "--checkpoint", ck, "--bootstrap", "no-such-host.invalid:9092", "--topic", "t"),
        List.of("publish", "--checkpoint", ck, "--bootstrap", "127.0.0.1", "--topic", "t"),
        List.of("publish", "--checkpoint", ck, "--bootstrap", b, "--topic", "bad topic!"),
        List.of("publish", "--checkpoint", ck, "--bootstrap", b, "--topic", "t", "--rate", "0"),
        List.of("publish", "--checkpoint", ck, "--bootstrap", b, "--topic", "t", "--rate", "-3"),
        List.of("publish", "--checkpoint", ck, "--bootstrap", b, "--topic", "t", "--rate", "fast"),
        List.of("publish", "--checkpoint", ck, "--bootstrap", b, "--topic", "t", "--format", "csv"),
        List.of("serve", "--checkpoint", ck, "--port", "0", "--kafka", b, "--kafka-rate", "abc"),
        List.of("serve", "--checkpoint", ck, "--port", "0", "--kafka", b, "--kafka-rate", "0"),
        List.of("serve", "--checkpoint", ck, "--port", "0", "--kafka", "no-such-host.invalid:9092"),
        List.of("serve", "--checkpoint", ck, "--port", "0", "--kafka", b, "--kafka-topic", "a/b"),
        List.of("consume", "--kafka", "no-such-host.invalid:9092", "--topic", "t"),
        List.of("consume", "--kafka", b),
        List.of("consume", "--kafka", b, "--topic", ".."));
    for (List<String> args : cases) {
      Cli r = Cli.run(args.toArray(String[]::new));
      assertThat(r.exit()).as("%s: %s", args, r.err()).isEqualTo(UserErrors.USER_ERROR);
      assertThat(r.errLines()).as("%s", args).hasSize(1);
      assertThat(r.err()).as("%s", args).doesNotContain("Exception", "\tat ");
    }
  }

  @Test
  void anUnreachableBrokerStopsTrainBeforeItStartsWithOneLine() throws Exception {
    Path out = java.nio.file.Files.createTempDirectory("flowmap-kafka-train").resolve("run");
    List<String> args = new ArrayList<>(SmokeRun.args(out));
    args.addAll(List.of("--kafka", "127.0.0.1:" + freePort()));
    Cli r = Cli.run(args.toArray(String[]::new));
    assertThat(r.exit()).as(r.err()).isEqualTo(UserErrors.USER_ERROR);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("cannot reach a Kafka broker at 127.0.0.1:");
    assertThat(out).doesNotExist();
  }

  static KafkaConsumer<Long, byte[]> consumer(String group) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, LongDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return new KafkaConsumer<>(p);
  }

  private static String header(ConsumerRecord<?, ?> r, String key) {
    var h = r.headers().lastHeader(key);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  /** The bytes {@code /samples} sends for this checkpoint, served the way {@code serve} does. */
  private static byte[] samplesOverHttp(int count, long seed) throws Exception {
    CheckpointModel model = CheckpointModel.load(checkpoint, ComputeContext.create());
    var config = model.config();
    SnapshotGenerator generator = new SnapshotGenerator(
        new SnapshotGenerator.Weights(model.raw(), model.ema(), model.step()),
        RunSetup.baseSigma(config), config.eval().sampler(), config.serve().batch());
    try (Stack stack = Stack.start("127.0.0.1", 0, config,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> generator, Flux.empty(),
        Flux.never(), Flux.never())) {
      HttpResponse<InputStream> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create(stack.url() + "/samples?steps=1&format=binary&count=" + count + "&seed=" + seed))
          .build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = res.body()) {
        byte[] body = in.readAllBytes();
        assertThat(body).hasSize(8 * count);
        return body;
      }
    }
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static void awaitTrue(java.util.function.BooleanSupplier condition, int seconds, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + seconds + " s: " + what);
      }
      Thread.sleep(100);
    }
  }
}

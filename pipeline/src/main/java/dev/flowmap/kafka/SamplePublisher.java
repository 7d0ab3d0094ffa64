package dev.flowmap.kafka;

import dev.flowmap.sample.EmaOrRaw;
import dev.flowmap.sample.SnapshotGenerator;
import dev.flowmap.wire.SampleBatches;
import dev.flowmap.wire.SampleFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes generated samples to a Kafka topic, one batch per record, keyed by the batch index,
 * with the values {@code /samples} gives for the same seed. Generation runs on the caller's
 * thread and is paced by the producer: {@code send} blocks while {@code buffer.memory} is full,
 * so a slow broker slows the generator instead of piling batches on the heap. A broker that goes
 * away is counted, logged once, and retried with exponential backoff; the loop never throws for it.
 */
public final class SamplePublisher {
  private static final Logger LOG = LoggerFactory.getLogger(SamplePublisher.class);
  private static final long MIN_BACKOFF_NANOS = Duration.ofMillis(500).toNanos();
  private static final long MAX_BACKOFF_NANOS = Duration.ofSeconds(30).toNanos();
  /** How long a stopped publisher waits for the broker to take what it holds (a process is exiting). */
  static final Duration STOP_GRACE = Duration.ofSeconds(2);
  /** How long a publisher that sent all it was asked to waits for the broker to acknowledge it. */
  static final Duration DONE_GRACE = Duration.ofSeconds(30);

  /**
   * What to publish; start from {@link #to} and name each setting that differs with its wither.
   *
   * @param steps  steps N of generation
   * @param weights which weights generate the samples (EMA only where the model keeps one)
   * @param seed   the stream's seed: batch k holds what {@code /samples?seed=} sends as batch k
   * @param batch  samples per record
   * @param count  samples in all, 0 for endless
   * @param rate   samples per second at most, 0 for as fast as the producer takes them
   * @param format binary or ndjson
   * @param run    the run name put in each record's headers
   */
  public record Settings(String bootstrap, String topic, int steps, EmaOrRaw weights, long seed,
                         int batch, long count, double rate, SampleFormat format, String run) {
    /** @throws IllegalArgumentException naming the first bad setting and its value */
    public Settings {
      check(steps >= 1, "steps", steps, "must be >= 1");
      check(batch >= 1, "batch", batch, "must be >= 1");
      check(count >= 0, "count", count, "must be >= 0");
      check(rate >= 0, "rate", rate, "must be >= 0");
      check(format != null && format.batch(), "format", format, "must be binary or ndjson");
    }

    /**
     * Endless one-step samples of the EMA weights with seed 0, {@value #DEFAULT_BATCH} per
     * record, binary, as fast as the producer takes them, for {@code run}.
     */
    public static Settings to(String bootstrap, String topic, String run) {
      return new Settings(bootstrap, topic, 1, EmaOrRaw.EMA, 0, DEFAULT_BATCH, 0, 0, SampleFormat.BINARY, run);
    }

    public Settings withSteps(int v) {
      return new Settings(bootstrap, topic, v, weights, seed, batch, count, rate, format, run);
    }

    public Settings withWeights(EmaOrRaw v) {
      return new Settings(bootstrap, topic, steps, v, seed, batch, count, rate, format, run);
    }

    public Settings withSeed(long v) {
      return new Settings(bootstrap, topic, steps, weights, v, batch, count, rate, format, run);
    }

    public Settings withBatch(int v) {
      return new Settings(bootstrap, topic, steps, weights, seed, v, count, rate, format, run);
    }

    public Settings withCount(long v) {
      return new Settings(bootstrap, topic, steps, weights, seed, batch, v, rate, format, run);
    }

    public Settings withRate(double v) {
      return new Settings(bootstrap, topic, steps, weights, seed, batch, count, v, format, run);
    }

    public Settings withFormat(SampleFormat v) {
      return new Settings(bootstrap, topic, steps, weights, seed, batch, count, rate, v, run);
    }

    private static void check(boolean ok, String name, Object value, String rule) {
      if (!ok) {
        throw new IllegalArgumentException("publish setting " + name + " " + rule + ", got " + value);
      }
    }
  }

  /** Samples per record unless the settings say otherwise (the default {@code serve.batch}). */
  public static final int DEFAULT_BATCH = 4096;

  private final Settings s;
  private final SnapshotGenerator generator;
  private final KafkaMetrics metrics;
  private final Producer<Long, byte[]> producer;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicBoolean outage = new AtomicBoolean();
  private final AtomicLong failed = new AtomicLong();
  private final float[] xy;
  private volatile long sent;

  SamplePublisher(Settings s, SnapshotGenerator generator, KafkaMetrics metrics,
                  Producer<Long, byte[]> producer) {
    this.s = s;
    this.generator = generator;
    this.metrics = metrics;
    this.producer = producer;
    this.xy = new float[2 * s.batch()];
  }

  /**
   * A publisher with its own producer.
   *
   * @param maxBlock how long a send may wait on a full buffer before it counts as a failure
   */
  public static SamplePublisher create(Settings s, SnapshotGenerator generator, KafkaMetrics metrics,
                                       Duration maxBlock) {
    return new SamplePublisher(s, generator, metrics,
        new KafkaProducer<>(KafkaConnection.producerProperties(s.bootstrap(), maxBlock)));
  }

  /** Asks {@link #run()} to return after the batch it is on. */
  public void stop() {
    stop.set(true);
  }

  /** Batches handed to the producer so far. */
  public long sent() {
    return sent;
  }

  /** Records the broker never acknowledged (lost while it was away). */
  public long failed() {
    return failed.get();
  }

  /**
   * Publishes until {@code count} samples were sent or {@link #stop()}; then closes the producer:
   * after the count it waits up to {@link #DONE_GRACE} for every record to be acknowledged; after
   * a stop up to {@link #STOP_GRACE}, and not at all while the broker is away (what it holds would
   * only time out), so a process that is asked to exit does not hang on a dead broker.
   */
  public void run() {
    long batches = s.count() == 0 ? Long.MAX_VALUE : (s.count() + s.batch() - 1) / s.batch();
    long backoff = MIN_BACKOFF_NANOS;
    long next = System.nanoTime();
    try {
      for (long k = 0; k < batches && !stop.get(); ) {
        int n = (int) Math.min(s.batch(), s.count() == 0 ? s.batch() : s.count() - k * s.batch());
        if (s.rate() > 0) {
          next = Math.max(next, System.nanoTime() - 1_000_000_000L);
          sleepUntil(next);
          next += (long) (n * 1e9 / s.rate());
        }
        if (outage.get()) {
          sleepUntil(System.nanoTime() + backoff); // one probe per backoff while the broker is away
          backoff = Math.min(2 * backoff, MAX_BACKOFF_NANOS);
        } else {
          backoff = MIN_BACKOFF_NANOS;
        }
        if (stop.get()) {
          break;
        }
        long step = generate(k, n);
        byte[] value = SampleBatches.encode(s.format(), xy, n);
        if (send(k, n, value, step)) {
          k++;
          sent = k;
        }
      }
    } finally {
      close();
    }
  }

  private void close() {
    Duration grace = !stop.get() ? DONE_GRACE : outage.get() ? Duration.ZERO : STOP_GRACE;
    try {
      if (!stop.get()) {
        producer.flush();
      }
      producer.close(grace);
    } catch (KafkaException e) { // interrupted by an owner that stopped waiting for us
      LOG.warn("kafka: closing the producer for {}: {}", s.topic(), e.getMessage());
    }
  }

  /** Fills {@code xy} with batch k; returns the training step of the weights that made it. */
  private long generate(long k, int n) {
    while (true) {
      SnapshotGenerator.Weights w = generator.weights();
      generator.generate(s.steps(), s.weights().ema(), SampleBatches.seed(s.seed(), k), n, xy);
      if (generator.weights() == w) {
        return w.step();
      }
    }
  }

  /** Hands batch k to the producer; false when the producer refused it (it is tried again). */
  private boolean send(long k, int n, byte[] value, long step) {
    SnapshotGenerator.Weights w = generator.weights();
    RecordHeaders h = new RecordHeaders();
    header(h, "steps", s.steps());
    header(h, "seed", s.seed());
    header(h, "weights", s.weights().given(w.ema() != w.raw()).toString());
    header(h, "step", step);
    header(h, "run", s.run());
    header(h, "format", s.format().toString());
    long t0 = System.nanoTime();
    try {
      producer.send(new ProducerRecord<Long, byte[]>(s.topic(), (Integer) null, (Long) k, value, (Iterable<org.apache.kafka.common.header.Header>) h), (md, e) -> {
        if (e == null) {
          metrics.acked(n, value.length, System.nanoTime() - t0);
          if (outage.compareAndSet(true, false)) {
            LOG.warn("kafka: publishing to {} at {} again", s.topic(), s.bootstrap());
          }
        } else {
          failed.incrementAndGet();
          failure(e);
        }
      });
      return true;
    } catch (KafkaException e) {
      failure(e);
      return false;
    }
  }

  private void failure(Exception e) {
    metrics.failed(reason(e));
    if (outage.compareAndSet(false, true)) {
      LOG.warn("kafka: cannot publish to {} at {} ({}: {}); retrying with backoff up to {} s,"
              + " training and serving go on", s.topic(), s.bootstrap(), reason(e),
          e.getMessage(), MAX_BACKOFF_NANOS / 1_000_000_000L);
    }
  }

  /** One of {@link KafkaMetrics#REASONS} for a failed send. */
  static String reason(Throwable e) {
    if (e instanceof org.apache.kafka.common.errors.TimeoutException) {
      return "timeout";
    }
    if (e instanceof org.apache.kafka.common.errors.NetworkException
        || e instanceof org.apache.kafka.common.errors.DisconnectException) {
      return "disconnected";
    }
    if (e instanceof org.apache.kafka.common.errors.ApiException
        && !(e instanceof org.apache.kafka.common.errors.RetriableException)) {
      return "rejected";
    }
    return "other";
  }

  private static void header(RecordHeaders h, String key, Object value) {
    h.add(key, String.valueOf(value).getBytes(StandardCharsets.UTF_8));
  }

  private void sleepUntil(long deadline) {
    for (long left; (left = deadline - System.nanoTime()) > 0 && !stop.get(); ) {
      LockSupport.parkNanos(Math.min(left, 100_000_000L));
    }
  }
}

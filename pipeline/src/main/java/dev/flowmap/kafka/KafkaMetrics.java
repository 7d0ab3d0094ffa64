package dev.flowmap.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Micrometer meters of sample publishing to Kafka: records, samples and bytes acknowledged, send
 * latency (a histogram), failures by reason (every reason pre-registered so dashboards see
 * zeros) and whether the producer is connected now.
 */
public final class KafkaMetrics {
  /** The values of the {@code reason} tag of {@code flowmap.kafka.errors}. */
  public static final List<String> REASONS = List.of("timeout", "disconnected", "rejected", "other");

  private final Counter records;
  private final Counter samples;
  private final Counter bytes;
  private final Timer send;
  private final Map<String, Counter> errors = new LinkedHashMap<>();
  private final AtomicInteger connected = new AtomicInteger();

  /**
   * @param localPercentiles also keep p50 and p99 in the process (for a progress line); a
   *                         Prometheus registry computes them from the histogram instead
   */
  public KafkaMetrics(MeterRegistry registry, boolean localPercentiles) {
    records = Counter.builder("flowmap.kafka.records")
        .description("Sample batches (one record each) that Kafka acknowledged").register(registry);
    samples = Counter.builder("flowmap.kafka.samples")
        .description("Samples in the records that Kafka acknowledged").register(registry);
    bytes = Counter.builder("flowmap.kafka.bytes").baseUnit("bytes")
        .description("Value bytes of the records that Kafka acknowledged").register(registry);
    Timer.Builder timer = Timer.builder("flowmap.kafka.send")
        .description("Time from handing a record to the producer to the broker's acknowledgement")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(120));
    send = (localPercentiles ? timer.publishPercentiles(0.5, 0.99) : timer).register(registry);
    for (String reason : REASONS) {
      errors.put(reason, Counter.builder("flowmap.kafka.errors").tag("reason", reason)
          .description("Records or sends that failed, by reason; publishing retries with backoff")
          .register(registry));
    }
    Gauge.builder("flowmap.kafka.connected", connected, AtomicInteger::get)
        .description("1 while the producer reaches the broker, 0 while it does not")
        .register(registry);
  }

  /** Counts one acknowledged record of {@code n} samples in {@code b} bytes, sent {@code nanos} ago. */
  void acked(int n, int b, long nanos) {
    records.increment();
    samples.increment(n);
    bytes.increment(b);
    send.record(nanos, TimeUnit.NANOSECONDS);
    connected.set(1);
  }

  /** Counts one failure with one of {@link #REASONS}. */
  void failed(String reason) {
    errors.getOrDefault(reason, errors.get("other")).increment();
    connected.set(0);
  }

  void connected(boolean up) {
    connected.set(up ? 1 : 0);
  }

  /** Records acknowledged so far. */
  public long records() {
    return (long) records.count();
  }

  public long samples() {
    return (long) samples.count();
  }

  public long bytes() {
    return (long) bytes.count();
  }

  /** Failures so far, all reasons. */
  public long errors() {
    return (long) errors.values().stream().mapToDouble(Counter::count).sum();
  }

  public boolean isConnected() {
    return connected.get() == 1;
  }

  /** The send latency at {@code p} (0.5 or 0.99) in milliseconds, when kept locally; else NaN. */
  public double sendMillis(double p) {
    for (var v : send.takeSnapshot().percentileValues()) {
      if (v.percentile() == p) {
        return v.value(TimeUnit.MILLISECONDS);
      }
    }
    return Double.NaN;
  }
}

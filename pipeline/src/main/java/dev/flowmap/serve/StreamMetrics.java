package dev.flowmap.serve;

import dev.flowmap.wire.SampleFormat;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Micrometer meters of the sample streams: samples and bytes per format, active, durations, refusals. */
public final class StreamMetrics {
  private final Map<SampleFormat, Counter> samples = new EnumMap<>(SampleFormat.class);
  private final Map<SampleFormat, Counter> bytes = new EnumMap<>(SampleFormat.class);
  private final AtomicInteger active = new AtomicInteger();
  private final Timer duration;
  private final Counter refused;
  private final Counter disconnects;
  private final MeterRegistry registry;

  /** Registers the stream meters, with every format tag pre-registered so dashboards see zeros. */
  public StreamMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (SampleFormat f : SampleFormat.values()) {
      samples.put(f, Counter.builder("flowmap.stream.samples")
          .description("Generated samples sent to stream consumers")
          .tag("format", f.toString()).register(registry));
      bytes.put(f, Counter.builder("flowmap.stream.bytes")
          .description("Bytes of sample streams handed to the network")
          .baseUnit("bytes").tag("format", f.toString()).register(registry));
    }
    Gauge.builder("flowmap.stream.active", active, AtomicInteger::get)
        .description("Sample streams open now").register(registry);
    duration = Timer.builder("flowmap.stream.duration")
        .description("How long sample streams stayed open").register(registry);
    refused = Counter.builder("flowmap.stream.refused")
        .description("Sample streams refused with 503 because too many were open")
        .register(registry);
    disconnects = Counter.builder("flowmap.stream.disconnects")
        .description("Consumers that went away before their stream completed")
        .register(registry);
  }

  /** Streams open now (the value of {@code flowmap.stream.active}). */
  public int active() {
    return active.get();
  }

  /** Counts one refused stream. */
  void refused() {
    refused.increment();
  }

  /** Opens a stream: counts it active and starts its timer until {@link Stream#end}. */
  Stream open(SampleFormat format) {
    active.incrementAndGet();
    return new Stream(format, Timer.start(registry));
  }

  /** One open stream's accounting; {@link #end} is idempotent. */
  final class Stream {
    private final SampleFormat format;
    private final Timer.Sample timer;
    private final AtomicBoolean ended = new AtomicBoolean();

    private Stream(SampleFormat format, Timer.Sample timer) {
      this.format = format;
      this.timer = timer;
    }

    /** Counts {@code n} samples in {@code b} bytes handed to the network. */
    void sent(long n, long b) {
      samples.get(format).increment(n);
      bytes.get(format).increment(b);
    }

    /** Closes the stream once: stops the timer, and counts a disconnect if the client left early. */
    void end(boolean disconnected) {
      if (ended.compareAndSet(false, true)) {
        timer.stop(duration);
        if (disconnected) {
          disconnects.increment(); // before the gauge drops: whoever sees the stream gone sees why
        }
        active.decrementAndGet();
      }
    }
  }
}

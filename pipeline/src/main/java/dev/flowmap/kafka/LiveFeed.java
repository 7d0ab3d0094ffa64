package dev.flowmap.kafka;

import dev.flowmap.sample.SnapshotGenerator;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * Keeps a topic fed from a live run (train or serve) on its own daemon thread, at a capped rate,
 * from the newest weights, until closed; a broker that is down never reaches the caller.
 */
public final class LiveFeed implements AutoCloseable {
  /** A stopped publisher waits {@link SamplePublisher#STOP_GRACE}; this leaves it a margin. */
  static final Duration CLOSE_WAIT = SamplePublisher.STOP_GRACE.plusSeconds(1);
  private final SamplePublisher publisher;
  private final Thread thread;

  private LiveFeed(SamplePublisher publisher) {
    this.publisher = publisher;
    this.thread = new Thread(publisher::run, "flowmap-kafka");
    thread.setDaemon(true);
  }

  /** Checks the broker and topic (a {@link KafkaSetupException} if unusable), then starts feeding. */
  public static LiveFeed start(SamplePublisher.Settings settings, SnapshotGenerator generator,
                               MeterRegistry registry) {
    KafkaConnection.check(settings.bootstrap(), settings.topic(), true);
    LiveFeed feed = new LiveFeed(SamplePublisher.create(settings, generator,
        new KafkaMetrics(registry, false), Duration.ofSeconds(10)));
    feed.thread.start();
    return feed;
  }

  /** Batches handed to the producer so far. */
  public long sent() {
    return publisher.sent();
  }

  /**
   * Stops publishing and waits a few seconds for the producer to hand over what it holds; a
   * thread still blocked after that (a send waiting on a broker that is away) is interrupted and
   * left behind, a daemon: a process that is asked to stop must exit within seconds.
   */
  @Override
  public void close() {
    publisher.stop();
    try {
      thread.join(CLOSE_WAIT.toMillis());
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(Duration.ofSeconds(1).toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.flowmap.kafka;

import dev.flowmap.sample.SnapshotGenerator;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Keeps a topic fed from a live run (train or serve) on a single-thread Reactor scheduler of its
 * own (a daemon), at a capped rate, from the newest weights, until closed; a broker that is down
 * never reaches the caller.
 */
public final class LiveFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
  /** A stopped publisher waits {@link SamplePublisher#STOP_GRACE}; this leaves it a margin. */
  static final Duration CLOSE_WAIT = SamplePublisher.STOP_GRACE.plusSeconds(1);
  private final SamplePublisher publisher;
  private final Scheduler scheduler = Schedulers.newSingle("flowmap-kafka", true);
  private final CountDownLatch done = new CountDownLatch(1);

  private LiveFeed(SamplePublisher publisher) {
    this.publisher = publisher;
  }

  /** Checks the broker and topic (a {@link KafkaSetupException} if unusable), then starts feeding. */
  public static LiveFeed start(SamplePublisher.Settings settings, SnapshotGenerator generator,
                               MeterRegistry registry) {
    KafkaConnection.check(settings.bootstrap(), settings.topic(), true);
    LiveFeed feed = new LiveFeed(SamplePublisher.create(settings, generator,
        new KafkaMetrics(registry, false), Duration.ofSeconds(10)));
    Mono.fromRunnable(feed.publisher::run).subscribeOn(feed.scheduler)
        .doFinally(signal -> feed.done.countDown())
        .subscribe(v -> { }, e -> LOG.error("kafka: the feed stopped", e));
    return feed;
  }

  /** Batches handed to the producer so far. */
  public long sent() {
    return publisher.sent();
  }

  /**
   * Stops publishing and waits a few seconds for the producer to hand over what it holds; a
   * thread still blocked after that (a send waiting on a broker that is away) is interrupted (the
   * scheduler is disposed) and left behind, a daemon: a process that is asked to stop must exit
   * within seconds.
   */
  @Override
  public void close() {
    publisher.stop();
    try {
      if (!done.await(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        scheduler.dispose();
        done.await(Duration.ofSeconds(1).toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      scheduler.dispose();
    }
  }
}

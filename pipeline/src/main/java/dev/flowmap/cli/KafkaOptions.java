package dev.flowmap.cli;

import dev.flowmap.config.RunConfig;
import dev.flowmap.kafka.KafkaConnection;
import dev.flowmap.kafka.LiveFeed;
import dev.flowmap.kafka.SamplePublisher;
import dev.flowmap.sample.SnapshotGenerator;
import io.micrometer.core.instrument.MeterRegistry;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The Kafka options of every command that talks to Kafka, spelled one way: {@code --kafka},
 * {@code --kafka-topic}, {@code --kafka-rate}. The spellings publish and consume had before
 * ({@code --bootstrap}, {@code --topic}, publish's {@code --rate}) still work, hidden from the help.
 */
final class KafkaOptions {
  /** The topic train and serve feed when none is given. */
  static final String DEFAULT_TOPIC = "flowmap-samples";
  /** Samples per second train and serve feed when no rate is given. */
  static final double DEFAULT_LIVE_RATE = 10000;

  @Option(names = "--kafka", paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers (train and serve: also publish one-step samples there)")
  String bootstrap;

  @Option(names = "--kafka-topic", paramLabel = "NAME",
      description = "Kafka topic (train and serve: default " + DEFAULT_TOPIC + ")")
  String topic;

  @Option(names = "--kafka-rate", paramLabel = "R",
      description = "samples per second to publish at most (> 0); train and serve: default 10000,"
          + " publish: as fast as Kafka takes them")
  Double rate;

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT", hidden = true)
  void bootstrapAlias(String value) {
    bootstrap = value;
  }

  @Option(names = "--topic", paramLabel = "NAME", hidden = true)
  void topicAlias(String value) {
    topic = value;
  }

  @Option(names = "--rate", paramLabel = "R", hidden = true)
  void rateAlias(double value) {
    rate = value;
  }

  /** Checks the options of train and serve, where the feed is optional. */
  void validateLiveFeed(CommandSpec spec) {
    checkRate(spec);
    if (bootstrap != null) {
      KafkaConnection.validateTopic(liveTopic());
    }
  }

  /** Checks the options of publish, which needs a broker and a topic. */
  void validatePublish(CommandSpec spec) {
    Args.check(spec, bootstrap != null, "--kafka", "", "is required (the broker, HOST:PORT)");
    Args.check(spec, topic != null, "--kafka-topic", "", "is required (the topic to publish to)");
    checkRate(spec);
  }

  /** Checks the options of consume with {@code --kafka}, which needs a topic and takes no rate. */
  void validateConsume(CommandSpec spec) {
    Args.check(spec, topic != null, "--kafka-topic", "", "is needed with --kafka");
    Args.check(spec, rate == null, "--kafka-rate", rate, "is not an option of consume");
  }

  private void checkRate(CommandSpec spec) {
    Args.check(spec, rate == null || (rate > 0 && Double.isFinite(rate)), "--kafka-rate", rate,
        "must be a number > 0");
  }

  /** Publish's pace: {@code --kafka-rate}, or 0 (as fast as the producer takes them). */
  double publishRate() {
    return rate == null ? 0 : rate;
  }

  private String liveTopic() {
    return topic != null ? topic : DEFAULT_TOPIC;
  }

  /** Starts the feed of train or serve when {@code --kafka} was given, else returns null. */
  LiveFeed start(RunConfig config, String run, SnapshotGenerator generator, MeterRegistry registry) {
    if (bootstrap == null) {
      return null;
    }
    double r = rate != null ? rate : DEFAULT_LIVE_RATE;
    LiveFeed feed = LiveFeed.start(SamplePublisher.Settings.to(bootstrap, liveTopic(), run)
        .withSeed(config.train().seed()).withBatch(config.serve().batch()).withRate(r),
        generator, registry);
    System.err.println("publishing one-step samples to Kafka topic " + liveTopic() + " at "
        + bootstrap + " (" + (long) r + " samples/s)");
    return feed;
  }
}

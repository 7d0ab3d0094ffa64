package dev.flowmap.cli;

import dev.flowmap.config.RunConfig;
import dev.flowmap.kafka.KafkaConnection;
import dev.flowmap.kafka.LiveFeed;
import dev.flowmap.kafka.SamplePublisher;
import dev.flowmap.sample.SnapshotGenerator;
import io.micrometer.core.instrument.MeterRegistry;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --kafka}, {@code --kafka-topic}, {@code --kafka-rate}: feed a topic from a live run. */
final class KafkaOptions {
  static final String DEFAULT_TOPIC = "flowmap-samples";

  @Option(names = "--kafka", paramLabel = "BOOTSTRAP",
      description = "also publish one-step samples to this Kafka broker (HOST:PORT)")
  String bootstrap;

  @Option(names = "--kafka-topic", paramLabel = "NAME", defaultValue = DEFAULT_TOPIC,
      description = "topic to publish to, default ${DEFAULT-VALUE}")
  String topic;

  @Option(names = "--kafka-rate", paramLabel = "R", defaultValue = "10000",
      description = "samples per second to publish (> 0), default ${DEFAULT-VALUE}")
  double rate;

  void validate(CommandSpec spec) {
    Args.check(spec, rate > 0 && Double.isFinite(rate), "--kafka-rate", rate, "must be a number > 0");
    if (bootstrap != null) {
      KafkaConnection.validateTopic(topic);
    }
  }

  /** Starts the feed when {@code --kafka} was given, else returns null. */
  LiveFeed start(RunConfig config, String run, SnapshotGenerator generator, MeterRegistry registry) {
    if (bootstrap == null) {
      return null;
    }
    LiveFeed feed = LiveFeed.start(SamplePublisher.Settings.to(bootstrap, topic, run)
        .withSeed(config.train().seed()).withBatch(config.serve().batch()).withRate(rate),
        generator, registry);
    System.err.println("publishing one-step samples to Kafka topic " + topic + " at " + bootstrap
        + " (" + (long) rate + " samples/s)");
    return feed;
  }
}

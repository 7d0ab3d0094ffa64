package dev.flowmap.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The options of the commands that serve a model while they run (train, serve): where the HTTP
 * server listens, and the Kafka topic the live one-step samples go to, checked together.
 */
final class ServingOptions {
  @Mixin
  ServerOptions server;

  @Mixin
  KafkaOptions kafka;

  /** Checks the server's port and the live feed's rate and topic. */
  void validate(CommandSpec spec) {
    server.validate(spec);
    kafka.validateLiveFeed(spec);
  }
}

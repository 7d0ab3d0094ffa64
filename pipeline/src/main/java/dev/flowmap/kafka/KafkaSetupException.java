package dev.flowmap.kafka;

/** A Kafka address, topic or setting that a user gave and that cannot work; the message names it. */
public final class KafkaSetupException extends RuntimeException {
  public KafkaSetupException(String message) {
    super(message);
  }
}

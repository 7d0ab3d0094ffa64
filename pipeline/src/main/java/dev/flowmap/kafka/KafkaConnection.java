package dev.flowmap.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.ClientDnsLookup;
import org.apache.kafka.clients.ClientUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.LongSerializer;

/**
 * Checks a user's bootstrap address and topic before anything starts (so a typo is one line and
 * exit 2, not a stream of retries), and holds the producer settings that publishing uses.
 */
public final class KafkaConnection {
  /** How long the start-up check waits for a broker to answer. */
  public static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

  private KafkaConnection() {}

  /** Throws {@link KafkaSetupException} naming {@code topic} when Kafka would refuse it. */
  public static void validateTopic(String topic) {
    try {
      Topic.validate(topic);
    } catch (InvalidTopicException e) {
      throw new KafkaSetupException("bad topic name '" + topic + "': " + e.getMessage());
    }
  }

  /**
   * Validates the address and topic name, then reaches the broker; creates the topic (with the
   * broker's default partitions) when {@code create} and it does not exist yet.
   */
  public static void check(String bootstrap, String topic, boolean create) {
    validateTopic(topic);
    validateBootstrap(bootstrap);
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CHECK_TIMEOUT.toMillis());
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CHECK_TIMEOUT.toMillis());
    try (Admin admin = Admin.create(p)) {
      long secs = CHECK_TIMEOUT.toSeconds();
      admin.describeCluster().nodes().get(secs, TimeUnit.SECONDS);
      if (create && !admin.listTopics().names().get(secs, TimeUnit.SECONDS).contains(topic)) {
        try {
          admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())))
              .all().get(secs, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    } catch (TimeoutException e) {
      throw unreachable(bootstrap);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw unreachable(bootstrap);
      }
      throw new KafkaSetupException("Kafka at " + bootstrap + " refused: " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaSetupException("interrupted while reaching Kafka at " + bootstrap);
    } catch (org.apache.kafka.common.KafkaException e) {
      throw new KafkaSetupException("cannot use Kafka at " + bootstrap + ": " + e.getMessage());
    }
  }

  /** Throws {@link KafkaSetupException} when {@code bootstrap} is not HOST:PORT[,HOST:PORT] that resolves. */
  static void validateBootstrap(String bootstrap) {
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new KafkaSetupException("bad Kafka bootstrap '' : expected HOST:PORT");
    }
    try {
      ClientUtils.parseAndValidateAddresses(List.of(bootstrap.split(",")),
          ClientDnsLookup.USE_ALL_DNS_IPS);
    } catch (ConfigException e) {
      String why = e.getMessage() != null && e.getMessage().contains("resolvable")
          ? "unknown host" : "expected HOST:PORT";
      throw new KafkaSetupException("bad Kafka bootstrap '" + bootstrap + "': " + why);
    }
  }

  private static KafkaSetupException unreachable(String bootstrap) {
    return new KafkaSetupException("cannot reach a Kafka broker at " + bootstrap + " within "
        + CHECK_TIMEOUT.toSeconds() + " s; is it running?");
  }

  /**
   * Producer settings: acks=all with idempotence (so retries neither lose nor duplicate a record,
   * and a partition keeps the send order), batch index keys, byte-array values, and timeouts short
   * enough that a broker that went away shows in the metrics within seconds.
   *
   * @param maxBlock how long {@code send} may block on a full buffer before it fails
   */
  static Properties producerProperties(String bootstrap, Duration maxBlock) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20);
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1 << 20);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15000);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) maxBlock.toMillis());
    p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2000);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, LongSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }
}

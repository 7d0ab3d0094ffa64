package dev.flowmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** One Kafka vocabulary for train, serve, publish and consume; the older spellings still parse. */
class KafkaOptionsTest {
  @Command(name = "probe")
  static final class Probe implements Runnable {
    @Mixin
    KafkaOptions kafka;

    @Override
    public void run() {}
  }

  private static KafkaOptions parse(String... args) {
    Probe probe = new Probe();
    new CommandLine(probe).parseArgs(args);
    return probe.kafka;
  }

  @Test
  void theNewAndTheOldSpellingsSetTheSameOptions() {
    KafkaOptions now = parse("--kafka", "h:1", "--kafka-topic", "t", "--kafka-rate", "250");
    KafkaOptions before = parse("--bootstrap", "h:1", "--topic", "t", "--rate", "250");
    for (KafkaOptions k : new KafkaOptions[] {now, before}) {
      assertThat(k.bootstrap).isEqualTo("h:1");
      assertThat(k.topic).isEqualTo("t");
      assertThat(k.rate).isEqualTo(250.0);
      assertThat(k.publishRate()).isEqualTo(250.0);
    }
    assertThat(parse().publishRate()).as("publish without a rate: unpaced").isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"train", "serve", "publish", "consume"})
  void helpShowsOnlyTheOneVocabulary(String command) {
    Cli r = Cli.run(command, "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("--kafka=", "--kafka-topic=", "--kafka-rate=")
        .doesNotContain("--bootstrap", "--topic=", "--rate=");
  }

  @Test
  void publishNeedsABrokerAndATopicByTheirNewNames() {
    Cli noBroker = Cli.run("publish", "--checkpoint", "none", "--kafka-topic", "t");
    assertThat(noBroker.exit()).isEqualTo(UserErrors.USER_ERROR);
    assertThat(noBroker.err()).contains("--kafka is required").hasLineCount(1);
    Cli noTopic = Cli.run("publish", "--checkpoint", "none", "--bootstrap", "h:1");
    assertThat(noTopic.exit()).isEqualTo(UserErrors.USER_ERROR);
    assertThat(noTopic.err()).contains("--kafka-topic is required").hasLineCount(1);
  }

  @Test
  void consumeNeedsATopicWithKafkaAndTakesNoRate() {
    Cli noTopic = Cli.run("consume", "--kafka", "h:1");
    assertThat(noTopic.exit()).isEqualTo(UserErrors.USER_ERROR);
    assertThat(noTopic.err()).contains("--kafka-topic is needed with --kafka");
    Cli rate = Cli.run("consume", "--kafka", "h:1", "--kafka-topic", "t", "--kafka-rate", "5");
    assertThat(rate.exit()).isEqualTo(UserErrors.USER_ERROR);
    assertThat(rate.err()).contains("--kafka-rate is not an option of consume");
  }
}

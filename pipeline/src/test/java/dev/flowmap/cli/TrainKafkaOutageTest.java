package dev.flowmap.cli;

import static dev.flowmap.cli.KafkaCommandsTest.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmap.config.ConfigLoader;
import dev.flowmap.config.RunConfig;
import dev.flowmap.kafka.LiveFeed;
import dev.flowmap.kafka.SamplePublisher;
import dev.flowmap.kafka.TestBroker;
import dev.flowmap.serve.TrainingApp;
import dev.flowmap.train.RunDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@code train --kafka} run (the wiring {@link TrainCommand} uses: {@link TrainingApp} and a
 * {@link LiveFeed}) whose broker is killed mid-run and brought back: training goes on, the error
 * counter rises and the connected gauge drops, and publishing resumes when the broker returns.
 *
 * <p>The training thread meets the feed only where it swaps the weights the feed generates from
 * ({@code SnapshotGenerator.publish}, at the start and after each evaluation). The run evaluates
 * every {@value #EVAL_EVERY} steps, so weights are swapped while the broker is away, and the test
 * checks that they were: a swap that waited for Kafka or threw on its failure stops training
 * there. With {@code train.eval_every=0} the only swap came before the outage, and a swap that
 * waited for an acknowledgement passed.
 */
@Timeout(400)
class TrainKafkaOutageTest {
  private static final int EVAL_EVERY = 5;

  @Test
  void trainingGoesOnWhileTheBrokerIsAwayAndPublishingResumesWhenItIsBack() throws Exception {
    TestBroker broker = TestBroker.shared();
    RunConfig config = ConfigLoader.load(Path.of(SmokeRun.CONFIG), List.of("train.steps=10000000",
        "train.eval_every=" + EVAL_EVERY, "train.eval_samples=1000", "train.checkpoint_every=0",
        "train.log_every=1000", "eval.samples=1000"));
    Path dir = Files.createTempDirectory("flowmap-outage").resolve("run");
    TrainingApp app = TrainingApp.start(config, new RunDirectory(dir), null, false, "127.0.0.1", 0,
        false);
    MeterRegistry registry = app.registry();
    List<Long> swaps = new CopyOnWriteArrayList<>(); // steps whose weights went to the feed
    app.run().onWeights(w -> swaps.add(w.step())); // after the generator's swap, on the same thread
    LiveFeed feed = LiveFeed.start(SamplePublisher.Settings.to(broker.bootstrap(), "live", "outage")
        .withBatch(1024).withRate(5000), app.generator(), registry);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread training = new Thread(() -> {
      try {
        app.train();
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "outage-training");
    training.start();
    try {
      awaitTrue(() -> count(registry, "flowmap.kafka.records") >= 3, 120, "first records acknowledged");
      broker.stop();
      double stepsAtStop = count(registry, "flowmap.train.steps");
      awaitTrue(() -> errors(registry) > 0 && gauge(registry, "flowmap.kafka.connected") == 0, 120,
          "errors counted and connected = 0 while the broker is away");
      try {
        awaitTrue(() -> count(registry, "flowmap.train.steps") > stepsAtStop + 20
            || !training.isAlive(), 120, "training steps while the broker is away");
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + ": stopped at step " + stepsAtStop + ", now at "
            + count(registry, "flowmap.train.steps") + "; weights swapped at steps "
            + swaps.subList(Math.max(0, swaps.size() - 5), swaps.size()) + " (the last 5)", e);
      }
      assertThat(failure.get()).as("training failed while the broker was away").isNull();
      assertThat(training.isAlive()).as("training thread alive").isTrue();
      assertThat(swaps).as("weights swapped while the broker was away (it stopped at step %s)",
          stepsAtStop).anyMatch(step -> step > stepsAtStop);
      double recordsBeforeRestart = count(registry, "flowmap.kafka.records");
      double errorsBeforeRestart = errors(registry);
      broker.start();
      awaitTrue(() -> count(registry, "flowmap.kafka.records") > recordsBeforeRestart + 3, 180,
          "publishing resumed after the broker came back");
      assertThat(gauge(registry, "flowmap.kafka.connected")).isEqualTo(1.0);
      assertThat(errorsBeforeRestart).isPositive();
      double stepsAfter = count(registry, "flowmap.train.steps");
      awaitTrue(() -> count(registry, "flowmap.train.steps") > stepsAfter, 60, "training still steps");
      assertThat(training.isAlive()).isTrue();
      assertThat(failure.get()).isNull();
    } finally {
      broker.start();
      app.run().requestStop(60);
      training.join(60_000);
      feed.close();
      app.close();
    }
    assertThat(failure.get()).isNull();
  }

  private static double count(MeterRegistry r, String name) {
    var c = r.find(name).counter();
    return c == null ? 0 : c.count();
  }

  private static double errors(MeterRegistry r) {
    return r.find("flowmap.kafka.errors").counters().stream().mapToDouble(c -> c.count()).sum();
  }

  private static double gauge(MeterRegistry r, String name) {
    return r.get(name).gauge().value();
  }
}

package dev.flowmap.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmap.config.ConfigLoader;
import dev.flowmap.config.RunConfig;
import dev.flowmap.data.Batch;
import dev.flowmap.model.Ops;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** The Reactor chain: batches only on demand, cancellation stops work, every loss term reported. */
class TrainingPipelineTest {
  static RunConfig smoke(String... sets) {
    List<String> all = new ArrayList<>(List.of("train.batch=32", "model.width=16"));
    all.addAll(List.of(sets));
    return ConfigLoader.load(Path.of("../configs/smoke.yaml"), all);
  }

  static Trainer trainer(RunConfig c) {
    return new Trainer(c, RunSetup.newNetwork(c, DataType.FLOAT, Ops.standard()));
  }

  /** Counts the batches the source makes, on the stage that makes them. */
  static final class CountingTap implements StageTap {
    final AtomicInteger batches = new AtomicInteger();
    final AtomicInteger updates = new AtomicInteger();

    @Override
    public <T> Flux<T> tap(String stage, Flux<T> flux) {
      if (stage.equals(TrainingPipeline.BATCHES)) {
        return flux.doOnNext(b -> batches.incrementAndGet());
      }
      if (stage.equals(TrainingPipeline.UPDATE)) {
        return flux.doOnNext(b -> updates.incrementAndGet());
      }
      return flux;
    }
  }

  @Test
  void theBatchSourceDrawsABatchOnlyWhenOneIsRequested() {
    Trainer trainer = trainer(smoke());
    AtomicInteger made = new AtomicInteger();
    List<Long> steps = new ArrayList<>();
    Flux<Batch> batches = TrainingPipeline.batches(trainer, 5, 100)
        .doOnNext(b -> {
          made.incrementAndGet();
          steps.add(b.step());
        });
    StepVerifier.create(batches, 0)
        .expectSubscription()
        .then(() -> assertThat(made).hasValue(0))
        .thenRequest(1)
        .expectNextCount(1)
        .then(() -> assertThat(made).hasValue(1))
        .thenRequest(3)
        .expectNextCount(3)
        .then(() -> assertThat(made).hasValue(4))
        .thenCancel()
        .verify(Duration.ofSeconds(120));
    assertThat(steps).containsExactly(5L, 6L, 7L, 8L);
  }

  @Test
  void theBatchSourceCompletesWithTheLastStepWithoutFurtherDemand() {
    StepVerifier.create(TrainingPipeline.batches(trainer(smoke()), 3, 4).map(Batch::step), 0)
        .thenRequest(2)
        .expectNext(3L, 4L)
        .expectComplete()
        .verify(Duration.ofSeconds(120));
  }

  @Test
  void theWholeChainTrainsOnlyOnDemandAndStopsOnCancel() {
    Trainer trainer = trainer(smoke());
    CountingTap tap = new CountingTap();
    float[] initial = trainer.network().params().toFloatVector();
    float[][] afterTwo = new float[1][];
    StepVerifier.create(TrainingPipeline.steps(trainer, 1, 1000, tap), 0)
        .expectSubscription()
        .then(() -> {
          assertThat(tap.batches).hasValue(0);
          assertThat(trainer.network().params().toFloatVector()).containsExactly(initial);
        })
        .thenRequest(2)
        .assertNext(e -> assertThat(e.step()).isEqualTo(1))
        .assertNext(e -> assertThat(e.step()).isEqualTo(2))
        .then(() -> {
          assertThat(tap.batches).hasValue(2);
          assertThat(tap.updates).hasValue(2);
          afterTwo[0] = trainer.network().params().toFloatVector();
          assertThat(afterTwo[0]).isNotEqualTo(initial);
        })
        .thenCancel()
        .verify(Duration.ofSeconds(120));
    assertThat(tap.batches).hasValue(2);
    assertThat(tap.updates).hasValue(2);
    assertThat(trainer.network().params().toFloatVector()).containsExactly(afterTwo[0]);
  }

  @ParameterizedTest
  @CsvSource({"lsd, lsd", "psd-m, psd", "psd-u, psd", "esd, esd", "fm, ''"})
  void stepEventsCarryEveryLossTermOfTheMethod(String method, String term) {
    Trainer trainer = trainer(smoke("loss.method=" + method));
    List<StepEvent> events = new ArrayList<>();
    StepVerifier.create(TrainingPipeline.steps(trainer, 1, 3, StageTap.NAME_ONLY).doOnNext(events::add), 0)
        .thenRequest(3)
        .expectNextCount(3)
        .expectComplete()
        .verify(Duration.ofSeconds(120));
    assertThat(events).hasSize(3);
    List<String> expected = term.isEmpty() ? List.of("diag", "total") : List.of("diag", term, "total");
    for (StepEvent e : events) {
      Map<String, Double> losses = e.losses();
      assertThat(losses).containsOnlyKeys(expected);
      assertThat(e.method()).hasToString(method);
      losses.values().forEach(v -> assertThat(Double.isFinite(v)).as("%s finite", losses).isTrue());
      double parts = losses.get("diag") + (term.isEmpty() ? 0 : losses.get(term));
      assertThat(losses.get("total")).as("total of %s", losses)
          .isCloseTo(parts, org.assertj.core.data.Offset.offset(1e-9 * Math.abs(parts)));
      assertThat(e.gradNorm()).isPositive();
      assertThat(e.skipped()).isFalse();
    }
  }
}

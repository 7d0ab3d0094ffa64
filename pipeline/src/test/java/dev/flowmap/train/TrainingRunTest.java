package dev.flowmap.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmap.config.RunConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/** A run: trains on its own thread, publishes step events, stops on request with a checkpoint. */
class TrainingRunTest {
  @TempDir
  Path tmp;

  private static RunConfig config(long steps) {
    return TrainingPipelineTest.smoke("train.steps=" + steps, "train.eval_every=0",
        "train.checkpoint_every=0", "eval.samples=1000", "eval.steps=[1]", "train.log_every=1");
  }

  @Test
  void everyStageRunsOnTheTrainThreadNeverTheCallers() {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    StageTap tap = new StageTap() {
      @Override
      public <T> Flux<T> tap(String stage, Flux<T> flux) {
        return flux.doOnNext(x -> threads.add(stage + "@" + Thread.currentThread().getName()));
      }
    };
    TrainingRun run = new TrainingRun(config(4), new RunDirectory(tmp.resolve("run")), null,
        new TrainingRun.Options(false, tap, org.nd4j.linalg.api.buffer.DataType.FLOAT));
    Set<String> eventThreads = ConcurrentHashMap.newKeySet();
    run.steps().subscribe(e -> eventThreads.add(Thread.currentThread().getName()));
    TrainingRun.Result result = run.run();
    assertThat(result.lastStep()).isEqualTo(4);
    String caller = Thread.currentThread().getName();
    assertThat(threads).hasSize(3).allSatisfy(t -> assertThat(t.substring(t.indexOf('@') + 1))
        .startsWith("flowmap-train").isNotEqualTo(caller));
    assertThat(threads).anyMatch(t -> t.startsWith(TrainingPipeline.BATCHES))
        .anyMatch(t -> t.startsWith(TrainingPipeline.LOSS))
        .anyMatch(t -> t.startsWith(TrainingPipeline.UPDATE));
    assertThat(eventThreads).singleElement().asString().startsWith("flowmap-train");
  }

  @Test
  void aStopRequestedFromAStepSubscriberEndsTheRunAfterThatStepWithACheckpoint() throws Exception {
    RunDirectory dir = new RunDirectory(tmp.resolve("run"));
    TrainingRun run = new TrainingRun(config(1000), dir, null, TrainingRun.Options.quiet());
    List<Long> seen = new CopyOnWriteArrayList<>();
    run.steps().subscribe(e -> {
      seen.add(e.step());
      if (e.step() == 7) {
        try {
          run.requestStop(0);
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
        }
      }
    });
    TrainingRun.Result result = run.run();
    assertThat(result.stopped()).isTrue();
    assertThat(result.lastStep()).isEqualTo(7);
    assertThat(result.finalEval()).isNull();
    assertThat(seen).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    assertThat(Checkpoint.read(dir.checkpoint()).step()).isEqualTo(7);
    assertThat(run.requestStop(0)).as("finished").isTrue();
  }
}

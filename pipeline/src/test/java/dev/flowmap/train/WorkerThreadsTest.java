package dev.flowmap.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmap.config.ConfigLoader;
import dev.flowmap.config.RunConfig;
import dev.flowmap.data.Batch;
import dev.flowmap.model.Ops;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import reactor.core.scheduler.NonBlocking;

/**
 * A trainer's worker threads, which {@code bench} reads the heap allocation of: the pool's
 * threads, named, daemons and non-blocking as Reactor's own parallel threads are.
 */
class WorkerThreadsTest {
  private static final Path SMOKE = Path.of("../configs/smoke.yaml");

  @Test
  void twoWorkersRunOnTheCallerAndOnePoolThread() {
    try (Trainer trainer = trainer("train.threads=2")) {
      step(trainer);
      assertThat(trainer.workerThreads()).singleElement().satisfies(t -> {
        assertThat(t.getName()).isEqualTo("flowmap-worker-1");
        assertThat(t.isDaemon()).isTrue();
        assertThat(t).isInstanceOf(NonBlocking.class);
        assertThat(t.isAlive()).isTrue();
      });
    }
  }

  @Test
  void oneWorkerHasNoPoolThreads() {
    try (Trainer trainer = trainer("train.threads=1")) {
      step(trainer);
      assertThat(trainer.workerThreads()).isEmpty();
    }
  }

  @Test
  void theListIsACopy() {
    WorkerThreads threads = new WorkerThreads("x");
    Thread t = threads.newThread(() -> { });
    List<Thread> seen = threads.threads();
    threads.newThread(() -> { });
    assertThat(seen).containsExactly(t);
    assertThat(threads.threads()).hasSize(2).extracting(Thread::getName).containsExactly("x-1", "x-2");
  }

  private static Trainer trainer(String threads) {
    RunConfig config = ConfigLoader.load(SMOKE, new ArrayList<>(List.of(threads)));
    return new Trainer(config, RunSetup.newNetwork(config, DataType.FLOAT, Ops.standard()));
  }

  private static void step(Trainer trainer) {
    Batch b = trainer.newBatch();
    trainer.applyUpdate(trainer.computeLoss(trainer.fill(b, 1)));
  }
}

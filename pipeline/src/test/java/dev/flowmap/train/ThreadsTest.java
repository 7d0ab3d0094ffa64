package dev.flowmap.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmap.config.ConfigLoader;
import dev.flowmap.config.RunConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each test leaves ND4J's and OpenBLAS's pools as the command line sets them, whatever it did. */
class ThreadsTest {
  @AfterEach
  void restoreTheDefaultSplit() {
    Threads.apply(0);
  }

  @Test
  void workersRunSingleThreadedOps() {
    assertThat(Threads.apply(2)).isEqualTo(new Threads.Choice(2, 1, 1));
    assertThat(Threads.apply(1)).isEqualTo(new Threads.Choice(1, 1, 1));
  }

  @Test
  void withoutAStepSplitGemmGetsEveryCore() {
    Threads.Choice c = Threads.apply(0);
    assertThat(c.elementwise()).isEqualTo(1);
    assertThat(c.blas()).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void autoTriesEveryWorkerCountUpToTheCoresAndWritesItsChoiceIntoTheConfig() {
    RunConfig c = ConfigLoader.load(Path.of("../configs/smoke.yaml"), new ArrayList<>(List.of("train.threads=0")));
    ComputeContext compute = ComputeContext.create(); // nothing calibrated before this test
    Threads.Calibration cal = Threads.calibrate(compute, c);
    int cores = Math.min(Runtime.getRuntime().availableProcessors(), 8);
    assertThat(cal.msPerLossStage()).containsOnlyKeys(java.util.stream.IntStream.rangeClosed(1, cores).boxed().toList());
    double best = cal.msPerLossStage().values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    assertThat(cal.msPerLossStage().get(cal.chosen())).isEqualTo(best);
    assertThat(Threads.calibrate(compute, c)).as("measured once per shape").isSameAs(cal);
    assertThat(Threads.calibrate(ComputeContext.create(), c)).as("per context").isNotSameAs(cal);
    assertThat(Threads.resolve(compute, c).train().threads()).isEqualTo(cal.chosen());
    assertThat(Threads.resolve(compute, Threads.withThreads(c, 3)).train().threads()).isEqualTo(3);
  }

  @Test
  void rejectsANegativeCount() {
    assertThatThrownBy(() -> Threads.apply(-1)).hasMessageContaining("train.threads")
        .hasMessageContaining("-1");
  }
}

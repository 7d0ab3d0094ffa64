package dev.flowmap.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ThreadsTest {
  @Test
  void autoRunsElementWiseOpsOnOneThreadAndLeavesACoreFree() {
    Threads.Choice c = Threads.apply(0);
    int cores = Runtime.getRuntime().availableProcessors();
    assertThat(c.elementwise()).isEqualTo(1);
    assertThat(c.blas()).isEqualTo(Math.max(1, cores - 1));
    assertThat(Threads.current()).isEqualTo(c);
  }

  @Test
  void anExplicitCountGoesToBothPools() {
    assertThat(Threads.apply(1)).isEqualTo(new Threads.Choice(1, 1));
    Threads.apply(0);
  }

  @Test
  void rejectsANegativeCount() {
    assertThatThrownBy(() -> Threads.apply(-1)).hasMessageContaining("train.threads")
        .hasMessageContaining("-1");
  }
}

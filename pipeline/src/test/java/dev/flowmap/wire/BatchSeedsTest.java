package dev.flowmap.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchSeedsTest {
  @Test
  void matchesSplitMix64Outputs() {
    // SplitMix64 seeded with 0: its first two outputs (reference values of the generator).
    assertThat(BatchSeeds.of(0, 0)).isEqualTo(0xE220A8397B1DCDAFL);
    assertThat(BatchSeeds.of(0, 1)).isEqualTo(0x6E789E6AA1B965F4L);
  }

  @Test
  void seedsDifferAcrossBatchesAndStreams() {
    Set<Long> seen = new HashSet<>();
    for (long s = 0; s < 20; s++) {
      for (long k = 0; k < 50; k++) {
        seen.add(BatchSeeds.of(s, k));
      }
    }
    assertThat(seen).hasSize(1000);
  }
}

package dev.flowmap.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The consumer's summary: count, elapsed time and rate from the clock it is given, in-support share. */
class ConsumeStatsTest {
  @Test
  void summaryGivesTheRateOfTheSamplesOverTheElapsedTime() {
    ConsumeStats stats = new ConsumeStats(new ConsumeTarget(2, 1.0, 1000, 1), 5_000_000_000L);
    for (int i = 0; i < 3000; i++) {
      stats.add(-0.5, -0.5); // cell (0, 0): kept
    }
    stats.add(0.5, -0.5); // cell (1, 0): not kept
    assertThat(stats.received()).isEqualTo(3001);
    assertThat(stats.summary(7_000_000_000L))
        .startsWith("done: 3,001 samples in 2.0 s (1,501 samples/s), in support 0.9997, KL ");
  }

  @Test
  void progressLineIsPrintedAtMostTwiceASecond() {
    ConsumeStats stats = new ConsumeStats(new ConsumeTarget(2, 1.0, 1000, 1), 0);
    stats.add(-0.5, -0.5);
    java.io.StringWriter w = new java.io.StringWriter();
    java.io.PrintWriter out = new java.io.PrintWriter(w);
    stats.maybePrint(out, 400_000_000L);
    assertThat(w.toString()).isEmpty();
    stats.maybePrint(out, 500_000_000L);
    assertThat(w.toString()).startsWith("\r1 samples in 0.5 s (2 samples/s)");
    stats.maybePrint(out, 900_000_000L);
    assertThat(w.toString().chars().filter(c -> c == '\r').count()).isEqualTo(1);
  }
}

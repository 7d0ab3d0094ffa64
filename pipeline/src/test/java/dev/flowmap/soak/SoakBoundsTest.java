package dev.flowmap.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The soak's judgement, without a soak: warm-up length, bounds, and what crosses them. */
class SoakBoundsTest {
  private static final long MIB = 1 << 20;

  private static SoakRow row(double minutes, long rss, long heap, long offHeap, long threads, long fds) {
    return new SoakRow(minutes, rss, heap, offHeap, threads, fds, 0, 0, 0, 0, 0);
  }

  @Test
  void warmupIsThirtyPercentBetweenTwoAndFifteenMinutes() {
    assertThat(SoakBounds.warmupMinutes(5)).isEqualTo(2);
    assertThat(SoakBounds.warmupMinutes(20)).isEqualTo(6);
    assertThat(SoakBounds.warmupMinutes(120)).isEqualTo(15);
  }

  @Test
  void boundsAreTheWarmupPeakPlusAFractionOrASlack() {
    List<SoakRow> warmup = List.of(row(0.5, 600 * MIB, 20 * MIB, 1000 * MIB, 30, 100),
        row(1, 800 * MIB, 10 * MIB, 900 * MIB, 31, 90));
    long[] b = SoakBounds.bounds(warmup);
    assertThat(b).containsExactly(1000 * MIB, 52 * MIB, 1250 * MIB, 39, 116);
  }

  @Test
  void aRowWithinTheBoundsPassesAndEachQuantityBeyondItIsNamed() {
    long[] b = {1000, 100, 100, 10, 10};
    assertThat(SoakBounds.exceeded(row(3, 1000, 100, 100, 10, 10), b)).isEmpty();
    assertThat(SoakBounds.exceeded(row(3, 1001, 100, 101, 10, 11), b))
        .containsExactly("rss 1001 > bound 1000 at minute 3.0",
            "ND4J off-heap 101 > bound 100 at minute 3.0", "open fds 11 > bound 10 at minute 3.0");
    assertThat(SoakBounds.exceeded(row(4, 0, 101, 0, 11, 0), b))
        .containsExactly("heap after GC 101 > bound 100 at minute 4.0", "threads 11 > bound 10 at minute 4.0");
  }

  @Test
  void scrapeValuesAreSummedOverTheSeriesOfAName() {
    String text = "# TYPE a gauge\na{x=\"1 2\"} 1.5\na{x=\"3\"} 2.0\nb_total 7.0E3\n";
    assertThat(SoakScraper.parse(text)).containsEntry("a", 3.5).containsEntry("b_total", 7000.0)
        .hasSize(2);
  }
}

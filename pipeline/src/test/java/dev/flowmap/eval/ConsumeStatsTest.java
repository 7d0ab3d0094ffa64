package dev.flowmap.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmap.data.Checkerboard;
import dev.flowmap.data.Rng;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The consumer's summary: count, elapsed time and rate from the clock it is given, in-support
 * share, and the KL of the points received against the evaluation's own histogram KL.
 */
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

  @Test
  void theKlOfTheReceivedPointsIsTheEvaluationsHistogramKlWithItsFloor() {
    ConsumeTarget target = new ConsumeTarget(2, 2.0, 50_000, 7);
    ConsumeStats stats = new ConsumeStats(target, 0);
    float[] reference = new float[2 * 50_000];
    new Checkerboard(2, 2.0).sample(new Rng(7), reference, 0, 50_000);
    float[] generated = new float[2 * 30_000];
    SplittableRandom r = new SplittableRandom(3);
    for (int p = 0; p < 30_000; p++) {
      // sd 1.5 on a [-2, 2] square: about a fifth of the points fall outside the histogram
      generated[2 * p] = (float) (r.nextGaussian() * 1.5);
      generated[2 * p + 1] = (float) (r.nextGaussian() * 1.5);
      stats.add(generated[2 * p], generated[2 * p + 1]);
    }
    double kl = new HistogramKl().kl(reference, 50_000, generated, 30_000);
    assertThat(kl).isBetween(0.1, 10.0);
    assertThat(stats.kl()).isEqualTo(kl);
    double floor = new KlFloor(1).floor(new Checkerboard(2, 2.0), 60, 50_000, 7);
    assertThat(stats.summary(1_000_000_000L)).endsWith(String.format(Locale.ROOT,
        "KL %.4f (floor %.4f at n = 50,000; 60x60 probability histogram, n = 50,000 target vs the"
            + " 30,000 received)", kl, floor));
  }

  @Test
  void skippedRecordsAreCountedAndNamedInTheLineOnlyWhenThereAreSome() {
    ConsumeStats stats = new ConsumeStats(new ConsumeTarget(2, 1.0, 1000, 1), 0);
    stats.add(-0.5, -0.5);
    assertThat(stats.skipped()).isZero();
    assertThat(stats.summary(1_000_000_000L)).doesNotContain("skipped");
    stats.skip();
    stats.skip();
    assertThat(stats.skipped()).isEqualTo(2);
    assertThat(stats.received()).isEqualTo(1);
    assertThat(stats.summary(1_000_000_000L))
        .endsWith(" received); skipped 2 records that were not sample batches");
  }

  @Test
  void theProgressLineReachesTheTerminalWithoutAnotherFlush() {
    ConsumeStats stats = new ConsumeStats(new ConsumeTarget(2, 1.0, 1000, 1), 0);
    stats.add(-0.5, -0.5);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintWriter out = new PrintWriter(bytes); // buffered: only a flush reaches the stream
    stats.maybePrint(out, 500_000_000L);
    assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("\r1 samples in 0.5 s");
  }

  @Test
  void aWholeLineIsPrintedEveryPeriodForLogs() {
    ConsumeStats stats = new ConsumeStats(new ConsumeTarget(2, 1.0, 1000, 1), 0);
    stats.add(-0.5, -0.5);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintWriter out = new PrintWriter(bytes);
    long second = 1_000_000_000L;
    stats.maybePrintLine(out, second - 1, second);
    assertThat(bytes.size()).isZero();
    stats.maybePrintLine(out, second, second);
    stats.maybePrintLine(out, 2 * second - 1, second);
    stats.maybePrintLine(out, 2 * second, second);
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split(System.lineSeparator(), -1);
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).startsWith("1 samples in 1.0 s (1 samples/s), in support 1.0000, KL ");
    assertThat(lines[1]).startsWith("1 samples in 2.0 s ");
    assertThat(lines[2]).isEmpty();
  }
}

package dev.flowmap.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmap.data.Checkerboard;
import dev.flowmap.data.Rng;
import dev.flowmap.eval.HistogramKl;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConsumeTargetTest {
  private final ConsumeTarget target = new ConsumeTarget(4, 1.0, 200_000, 1);

  @Test
  void keptSquaresAreThoseWithEvenIndexSum() {
    assertThat(target.inSupport(-1.5, -1.5)).isTrue();   // (0, 0)
    assertThat(target.inSupport(-0.5, -1.5)).isFalse();  // (1, 0)
    assertThat(target.inSupport(0.5, 0.5)).isTrue();     // (2, 2)
    assertThat(target.inSupport(1.5, 0.5)).isFalse();    // (3, 2)
    assertThat(target.inSupport(2.1, 0.5)).isFalse();
    assertThat(new ConsumeTarget(2, 0.5, 10, 1).inSupport(-0.25, -0.25)).isTrue();
  }

  @Test
  void histogramDropsPointsOutsideTheSquareAndKeepsTheEdge() {
    long[] h = target.newHistogram();
    assertThat(target.add(h, -2.5, -2.5)).isEqualTo(1);
    assertThat(target.add(h, 2.5, 2.5)).isEqualTo(1);
    assertThat(target.add(h, 2.6, 0)).isZero();
    assertThat(h[0]).isEqualTo(1);
    assertThat(h[h.length - 1]).isEqualTo(1);
  }

  @Test
  void klIsNearItsFloorForTargetSamplesAndLargeForAShiftedOne() {
    long[] good = target.newHistogram();
    long[] shifted = new long[good.length];
    SplittableRandom r = new SplittableRandom(9);
    long inGood = 0;
    long inShifted = 0;
    for (int k = 0; k < 200_000; k++) {
      int i;
      int j;
      do {
        i = r.nextInt(4);
        j = r.nextInt(4);
      } while ((i + j) % 2 != 0);
      double x = -2 + i + r.nextDouble();
      double y = -2 + j + r.nextDouble();
      inGood += target.add(good, x, y);
      inShifted += target.add(shifted, x + 1, y);
    }
    double floor = target.kl(good, inGood);
    assertThat(floor).isBetween(0.004, 0.008); // the floor at n = 200,000 a side, 60 bins: about 0.0057
    assertThat(target.kl(shifted, inShifted)).isGreaterThan(100 * floor);
    assertThat(target.referenceSize()).isEqualTo(200_000);
    assertThat(target.floor()).isEqualTo(new dev.flowmap.eval.KlFloor(1).floor(new Checkerboard(4, 1.0), 60, 200_000, 1));
  }

  @Test
  void klCountedPointByPointEqualsTheEvaluationsHistogramKl() {
    ConsumeTarget t = new ConsumeTarget(2, 2.0, 50_000, 7);
    float[] reference = new float[2 * 50_000];
    new Checkerboard(2, 2.0).sample(new Rng(7), reference, 0, 50_000);
    float[] generated = new float[2 * 30_000];
    SplittableRandom r = new SplittableRandom(3);
    long[] hist = t.newHistogram();
    long inRange = 0;
    for (int p = 0; p < 30_000; p++) {
      generated[2 * p] = (float) (r.nextGaussian() * 1.5);
      generated[2 * p + 1] = (float) (r.nextGaussian() * 1.5);
      inRange += t.add(hist, generated[2 * p], generated[2 * p + 1]);
    }
    assertThat(t.kl(hist, inRange))
        .isEqualTo(new HistogramKl().kl(reference, 50_000, generated, 30_000));
    assertThat(t.inSupport(-1, -1)).isEqualTo(new Checkerboard(2, 2.0).contains(-1, -1));
  }
}

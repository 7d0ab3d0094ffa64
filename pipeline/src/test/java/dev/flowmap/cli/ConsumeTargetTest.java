package dev.flowmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
    long[] h = new long[ConsumeTarget.BINS * ConsumeTarget.BINS];
    assertThat(ConsumeTarget.add(h, -2.5, -2.5)).isEqualTo(1);
    assertThat(ConsumeTarget.add(h, 2.5, 2.5)).isEqualTo(1);
    assertThat(ConsumeTarget.add(h, 2.6, 0)).isZero();
    assertThat(h[0]).isEqualTo(1);
    assertThat(h[h.length - 1]).isEqualTo(1);
  }

  @Test
  void klIsNearItsFloorForTargetSamplesAndLargeForAShiftedOne() {
    long[] good = new long[ConsumeTarget.BINS * ConsumeTarget.BINS];
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
      inGood += ConsumeTarget.add(good, x, y);
      inShifted += ConsumeTarget.add(shifted, x + 1, y);
    }
    double floor = target.kl(good, inGood);
    assertThat(floor).isBetween(0.05, 1.5);
    assertThat(target.kl(shifted, inShifted)).isGreaterThan(10 * floor);
  }
}

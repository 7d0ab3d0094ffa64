package dev.flowmap.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Grid pairs and the gap curriculum, checked row by row against the base sampler's draws. */
class PairScheduleTest {
  private static final int OFF = 4000;

  /** Base pairs as the seed's sampler draws them: t ~ U, s = U t. */
  private static float[][] basePairs(long seed) {
    Rng rng = new Rng(seed);
    float[] s = new float[OFF];
    float[] t = new float[OFF];
    for (int i = 0; i < OFF; i++) {
      double tt = rng.nextDouble();
      t[i] = (float) tt;
      s[i] = (float) (rng.nextDouble() * tt);
    }
    return new float[][] {s, t};
  }

  @Test
  void noneTouchesNeitherThePairsNorTheRandomStream() {
    float[][] p = basePairs(1);
    float[] s = p[0].clone();
    float[] t = p[1].clone();
    Rng rng = new Rng(9);
    PairSchedule.NONE.apply(rng, 5, s, t, OFF);
    new PairSchedule(0, 0).apply(rng, 5, s, t, OFF);
    assertThat(s).containsExactly(p[0]);
    assertThat(t).containsExactly(p[1]);
    assertThat(rng.nextLong()).isEqualTo(new Rng(9).nextLong());
  }

  @Test
  void aShareOfTheRowsLandsOnTheSamplingGridEachSizeAndJumpAlike() {
    float[][] p = basePairs(2);
    float[] s = p[0].clone();
    float[] t = p[1].clone();
    PairSchedule pairs = new PairSchedule(0.25, 0);
    assertThat(pairs.gridRows(OFF)).isEqualTo(1000);
    pairs.apply(new Rng(3), 100, s, t, OFF);
    Map<Integer, Integer> perN = new HashMap<>();
    int oneJump = 0;
    for (int i = 0; i < 1000; i++) {
      double gap = t[i] - s[i];
      int n = (int) Math.round(1 / gap);
      assertThat(n).isIn(1, 2, 4, 8, 16);
      double k = s[i] * n;
      assertThat(k).as("row %d starts on the grid of N = %d", i, n).isCloseTo(Math.rint(k), within(1e-5));
      assertThat((double) t[i]).isCloseTo((Math.rint(k) + 1) / n, within(1e-6));
      perN.merge(n, 1, Integer::sum);
      if (s[i] == 0f && t[i] == 1f) {
        oneJump++;
      }
    }
    // 1000 draws over 5 sizes: 200 each, binomial sd 12.6; 5 sd either side
    perN.values().forEach(c -> assertThat(c).isBetween(137, 263));
    assertThat(oneJump).isEqualTo(perN.get(1));
    for (int i = 1000; i < OFF; i++) {
      assertThat(s[i]).isEqualTo(p[0][i]);
      assertThat(t[i]).isEqualTo(p[1][i]);
    }
  }

  @Test
  void theCurriculumScalesEachGapByStepOverWarmupAndKeepsGridPairsUnderIt() {
    PairSchedule pairs = new PairSchedule(0.1, 1000);
    assertThat(pairs.maxGap(0)).isZero();
    assertThat(pairs.maxGap(300)).isEqualTo(0.3);
    assertThat(pairs.maxGap(1000)).isEqualTo(1.0);
    assertThat(pairs.maxGap(5000)).isEqualTo(1.0);
    for (long step : new long[] {0, 40, 300, 700, 1000, 2000}) {
      float[][] p = basePairs(step + 7);
      float[] s = p[0].clone();
      float[] t = p[1].clone();
      pairs.apply(new Rng(step), step, s, t, OFF);
      double g = Math.min(1.0, step / 1000.0);
      int grid = g < 1.0 / 16 ? 0 : 400;
      for (int i = 0; i < OFF; i++) {
        assertThat(t[i] - s[i]).isLessThanOrEqualTo((float) g + 1e-6f);
        if (i >= grid) {
          assertThat(t[i]).isEqualTo(p[1][i]);
          assertThat((double) s[i]).as("step %d row %d", step, i)
              .isCloseTo(p[1][i] - g * (p[1][i] - p[0][i]), within(1e-6));
        } else {
          assertThat(1.0 / (t[i] - s[i])).isGreaterThanOrEqualTo(1 / g - 1e-3);
        }
      }
    }
  }

  /** Largest gap 0.25 (exactly the jump of N = 4) and 0.3: grid pairs of N = 4, 8 and 16 only. */
  @Test
  void underTheCurriculumGridPairsUseEverySizeWhoseJumpFits() {
    PairSchedule pairs = new PairSchedule(0.1, 1000);
    for (long step : new long[] {250, 300}) {
      float[][] p = basePairs(step);
      float[] s = p[0].clone();
      float[] t = p[1].clone();
      pairs.apply(new Rng(step + 1), step, s, t, OFF);
      Map<Integer, Integer> perN = new HashMap<>();
      for (int i = 0; i < 400; i++) {
        int n = (int) Math.round(1 / (t[i] - s[i]));
        assertThat((double) s[i] * n).as("step %d row %d starts on the grid of N = %d", step, i, n)
            .isCloseTo(Math.rint(s[i] * n), within(1e-5));
        perN.merge(n, 1, Integer::sum);
      }
      assertThat(perN).as("step %d", step).containsOnlyKeys(4, 8, 16);
      // 400 draws over 3 sizes: 133 each, binomial sd 9.4; 5 sd either side
      perN.values().forEach(c -> assertThat(c).isBetween(86, 180));
    }
  }

  @Test
  void aShareOfOnePutsEveryOffDiagonalRowOnTheGrid() {
    PairSchedule all = new PairSchedule(1, 0);
    assertThat(all.isNone()).isFalse();
    assertThat(all.gridRows(OFF)).isEqualTo(OFF);
    float[][] p = basePairs(5);
    float[] s = p[0].clone();
    float[] t = p[1].clone();
    all.apply(new Rng(6), 10, s, t, OFF);
    for (int i = 0; i < OFF; i++) {
      int n = (int) Math.round(1 / (t[i] - s[i]));
      assertThat(n).as("row %d", i).isIn(1, 2, 4, 8, 16);
      assertThat((double) s[i] * n).as("row %d starts on the grid", i)
          .isCloseTo(Math.rint(s[i] * n), within(1e-5));
    }
  }

  @Test
  void theCurriculumAloneScalesTheGapsWithoutGridPairs() {
    PairSchedule curriculum = new PairSchedule(0, 1000);
    assertThat(curriculum.isNone()).isFalse();
    assertThat(PairSchedule.NONE.isNone()).isTrue();
    assertThat(new PairSchedule(0.5, 0).isNone()).isFalse();
    float[][] p = basePairs(8);
    float[] s = p[0].clone();
    float[] t = p[1].clone();
    Rng rng = new Rng(11);
    curriculum.apply(rng, 250, s, t, OFF);
    for (int i = 0; i < OFF; i++) {
      assertThat(t[i]).isEqualTo(p[1][i]);
      assertThat((double) s[i]).as("row %d", i)
          .isCloseTo(p[1][i] - 0.25 * (p[1][i] - p[0][i]), within(1e-6));
    }
    assertThat(rng.nextLong()).as("no grid pair drawn").isEqualTo(new Rng(11).nextLong());
  }

  @Test
  void badValuesAreRefused() {
    assertThatThrownBy(() -> new PairSchedule(1.5, 0)).hasMessageContaining("1.5");
    assertThatThrownBy(() -> new PairSchedule(-0.25, 0)).hasMessageContaining("-0.25");
    assertThatThrownBy(() -> new PairSchedule(Math.nextUp(1.0), 0)).hasMessageContaining("[0, 1]");
    assertThatThrownBy(() -> new PairSchedule(Double.NaN, 0)).hasMessageContaining("NaN");
    assertThatThrownBy(() -> new PairSchedule(0, -3)).hasMessageContaining("-3");
  }
}

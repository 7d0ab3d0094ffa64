package dev.flowmap.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link GapBins}: the bins of a gap, the moving averages and shares, and the weights, worked by hand. */
class GapBinsTest {
  @Test
  void aGapFallsInTheBinOfItsFloorAndTheEndsStayInside() {
    GapBins b = new GapBins(4, 1);
    assertThat(b.bin(0f)).isZero();
    assertThat(b.bin(0.2499f)).isZero();
    assertThat(b.bin(0.25f)).isEqualTo(1);
    assertThat(b.bin(0.9999f)).isEqualTo(3);
    assertThat(b.bin(1f)).as("t - s = 1, the one jump").isEqualTo(3);
    assertThat(b.bin(-0f)).isZero();
  }

  /**
   * Two workers' tallies are summed per bin. The first update sets each seen bin's average to its
   * mean and its share to its part of the rows; weights are (1 / m_b) / sum p / m, so the rows'
   * mean weight is 1; an unseen bin weighs 1; the tallies are cleared. The next update moves
   * averages and shares by 1 - DECAY (a bin without rows keeps its average, its share decays).
   */
  @Test
  void updatesMoveTheAveragesAndSharesAndWeighBinsByTheirInverse() {
    GapBins b = new GapBins(3, 2);
    assertThat(b.weights()).containsExactly(1f, 1f, 1f);
    b.tally(0).add(0, 1.0);
    b.tally(1).add(0, 3.0); // bin 0: 2 rows, mean 2
    b.tally(1).add(1, 8.0); // bin 1: 1 row, mean 8
    b.update();
    double[] s = b.state();
    assertThat(s).hasSize(6);
    assertThat(s[0]).isEqualTo(2.0);
    assertThat(s[1]).isEqualTo(8.0);
    assertThat(s[2]).isNaN();
    assertThat(s[3]).isEqualTo(2.0 / 3);
    assertThat(s[4]).isEqualTo(1.0 / 3);
    assertThat(s[5]).isNaN();
    // sum p / m = (2/3) / 2 + (1/3) / 8 = 3/8: weights (8/3) / 2 and (8/3) / 8; row mean (2 * 4/3 + 1/3) / 3 = 1
    assertThat(b.weights()[0]).isCloseTo(4f / 3, within(1e-6f));
    assertThat(b.weights()[1]).isCloseTo(1f / 3, within(1e-6f));
    assertThat(b.weights()[2]).isEqualTo(1f);
    assertThat(b.tally(0).count[0]).isZero();
    assertThat(b.tally(1).sum[1]).isZero();

    b.tally(0).add(0, 4.0);
    b.tally(0).add(2, 0.1);
    b.update(); // bin 0: 2.02; bin 1 keeps 8; bin 2 first seen: 0.1
    s = b.state();
    assertThat(s[0]).isCloseTo(0.99 * 2 + 0.01 * 4, within(1e-15));
    assertThat(s[1]).isEqualTo(8.0);
    assertThat(s[2]).isEqualTo(0.1);
    assertThat(s[3]).isCloseTo(0.99 * 2 / 3 + 0.01 * 0.5, within(1e-15));
    assertThat(s[4]).isCloseTo(0.99 / 3, within(1e-15));
    assertThat(s[5]).isEqualTo(0.5);
    double scale = (s[3] + s[4] + s[5]) / (s[3] / s[0] + s[4] / s[1] + s[5] / s[2]);
    assertThat(b.weights()[0]).isEqualTo((float) (scale / s[0]));
    assertThat(b.weights()[2]).isEqualTo((float) (scale / s[2]));
    assertThat(scale / s[1]).isLessThan(0.1);
    assertThat(b.weights()[1]).as("clamped at 1 / MAX_WEIGHT").isEqualTo((float) (1 / GapBins.MAX_WEIGHT));
  }

  @Test
  void stateLoadsBackAndAWrongSizeIsRefused() {
    GapBins a = new GapBins(2, 1);
    a.tally(0).add(1, 3.0);
    a.tally(0).add(0, 1.0);
    a.update();
    GapBins b = new GapBins(2, 1);
    b.tally(0).add(0, 9.0); // a stale tally: cleared by load
    b.load(a.state());
    assertThat(b.weights()).containsExactly(a.weights());
    b.update();
    a.update();
    assertThat(b.state()).containsExactly(a.state());
    assertThatThrownBy(() -> b.load(new double[6])).hasMessageContaining("has 3 adaptive gap bins");
    assertThatThrownBy(() -> new GapBins(1, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  /** A bin with a tiny residual and few rows is held at MAX_WEIGHT; one with a huge residual at 1 / MAX_WEIGHT. */
  @Test
  void weightsAreClampedBothWays() {
    double[] state = new double[32];
    Arrays.fill(state, 0, 16, 1.0);
    Arrays.fill(state, 16, 32, 0.999 / 15);
    state[0] = 1e-3;
    state[16] = 0.001; // sum p / m = 1 + 0.999: bin 0 would weigh 500
    GapBins high = new GapBins(16, 1);
    high.load(state);
    assertThat(high.weights()[0]).isEqualTo((float) GapBins.MAX_WEIGHT);
    assertThat(high.weights()[1]).isCloseTo((float) (1 / 1.999), within(1e-6f));
    state[0] = 1e6;
    state[16] = 1.0 / 16;
    GapBins low = new GapBins(16, 1);
    low.load(state);
    assertThat(low.weights()[0]).isEqualTo((float) (1 / GapBins.MAX_WEIGHT));
  }
}

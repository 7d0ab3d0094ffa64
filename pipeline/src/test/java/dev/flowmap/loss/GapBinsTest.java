package dev.flowmap.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** {@link GapBins}: the bins of a gap, the moving averages and the weights, worked by hand. */
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
   * Two workers' tallies are summed per bin; the first update sets each seen bin's average to its
   * mean, the next moves it by 1 - DECAY; weights are the mean of the seen averages over each, an
   * unseen bin weighs 1, and the tallies are cleared.
   */
  @Test
  void updatesMoveTheAveragesAndWeighBinsByTheirInverse() {
    GapBins b = new GapBins(3, 2);
    assertThat(b.weights()).containsExactly(1f, 1f, 1f);
    b.tally(0).add(0, 1.0);
    b.tally(1).add(0, 3.0); // bin 0: mean 2
    b.tally(1).add(1, 8.0); // bin 1: mean 8
    b.update();
    double[] m = b.state();
    assertThat(m[0]).isEqualTo(2.0);
    assertThat(m[1]).isEqualTo(8.0);
    assertThat(m[2]).isNaN();
    assertThat(b.weights()).containsExactly(2.5f, 0.625f, 1f); // mean of seen 5: 5/2, 5/8
    assertThat(b.tally(0).count[0]).isZero();
    assertThat(b.tally(1).sum[1]).isZero();

    b.tally(0).add(0, 4.0);
    b.tally(0).add(2, 0.1);
    b.update(); // bin 0: 0.99 * 2 + 0.01 * 4; bin 1 unchanged (no rows); bin 2 first seen: 0.1
    m = b.state();
    assertThat(m[0]).isCloseTo(0.99 * 2 + 0.01 * 4, within(1e-15));
    assertThat(m[1]).isEqualTo(8.0);
    assertThat(m[2]).isEqualTo(0.1);
    double mean = (m[0] + m[1] + m[2]) / 3;
    assertThat(b.weights()[0]).isEqualTo((float) (mean / m[0]));
    assertThat(b.weights()[1]).isEqualTo((float) (mean / m[1]));
    assertThat(b.weights()[2]).as("clamped at MAX_WEIGHT").isEqualTo((float) GapBins.MAX_WEIGHT);
  }

  @Test
  void stateLoadsBackAndAWrongSizeIsRefused() {
    GapBins a = new GapBins(2, 1);
    a.tally(0).add(1, 3.0);
    a.update();
    GapBins b = new GapBins(2, 1);
    b.tally(0).add(0, 9.0); // a stale tally: cleared by load
    b.load(a.state());
    assertThat(b.weights()).containsExactly(a.weights());
    b.update();
    assertThat(b.state()).containsExactly(a.state());
    assertThatThrownBy(() -> b.load(new double[3])).hasMessageContaining("has 3 adaptive gap bins");
    GapBins many = new GapBins(16, 1);
    double[] one = new double[16];
    java.util.Arrays.fill(one, 1.0);
    one[0] = 1e6; // mean (1e6 + 15) / 16: bin 0 would weigh 1/16, the others 62,500
    many.load(one);
    assertThat(many.weights()[0]).as("clamped at 1 / MAX_WEIGHT").isEqualTo((float) (1 / GapBins.MAX_WEIGHT));
    assertThat(many.weights()[1]).isEqualTo((float) GapBins.MAX_WEIGHT);
    assertThatThrownBy(() -> new GapBins(1, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}

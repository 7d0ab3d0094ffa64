package dev.flowmap.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.flowmap.data.Checkerboard;
import dev.flowmap.data.GaussianSampler;
import dev.flowmap.data.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HistogramKlTest {
  private final HistogramKl seed = new HistogramKl();

  @Test
  void identicalSamplesGiveZero() {
    int n = 20_000;
    float[] xy = new float[2 * n];
    new Checkerboard(4, 1.0).sample(new Rng(1), xy, 0, n);
    // P == Q bin by bin, so every term is (P + 1e-8) log 1 = 0
    assertThat(seed.kl(xy, n, xy.clone(), n)).isCloseTo(0.0, within(1e-12));
  }

  @Test
  void handComputedFourBinCase() {
    HistogramKl h = new HistogramKl(2, 0.0, 2.0); // 2 x 2 bins of area 1
    float[] p = {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 1.5f, 1.5f}; // 3 in bin (0,0), 1 in (1,1)
    float[] q = {0.5f, 0.5f, 0.5f, 1.5f, 1.5f, 0.5f, 1.5f, 1.5f}; // one in each bin
    assertThat(h.probabilities(p, 4)).containsExactly(0.75, 0.0, 0.0, 0.25);
    assertThat(h.probabilities(q, 4)).containsExactly(0.25, 0.25, 0.25, 0.25);
    double e = 1e-8;
    double expected = (0.75 + e) * Math.log((0.75 + e) / (0.25 + e))
        + 2 * e * Math.log(e / (0.25 + e))
        + (0.25 + e) * Math.log((0.25 + e) / (0.25 + e));
    assertThat(h.kl(p, 4, q, 4)).isCloseTo(expected, within(1e-15));
    assertThat(expected).isCloseTo(0.75 * Math.log(3), within(1e-6));
  }

  @Test
  void handComputedCaseWithBinsOfAreaNotOneIsStillProbabilities() {
    HistogramKl h = new HistogramKl(2, 0.0, 4.0); // 2 x 2 bins of area 4: a density would be 1/4 of these
    float[] p = {1f, 1f, 1f, 1f, 1f, 1f, 3f, 3f};
    float[] q = {1f, 1f, 1f, 3f, 3f, 1f, 3f, 3f};
    assertThat(h.probabilities(p, 4)).containsExactly(0.75, 0.0, 0.0, 0.25);
    double e = 1e-8;
    double expected = (0.75 + e) * Math.log((0.75 + e) / (0.25 + e)) + 2 * e * Math.log(e / (0.25 + e));
    assertThat(h.kl(p, 4, q, 4)).isCloseTo(expected, within(1e-15));
  }

  /**
   * Golden values from {@code src/test/resources/golden/histogram_kl.py} (numpy 2.4.6): the seed
   * notebook's estimator, histogram2d on [-2.5, 2.5]^2, P = counts / in-range count, + 1e-8, sum P
   * log(P / Q), on the deterministic float32 grids of {@link #grid} (some points out of range).
   */
  @Test
  void matchesTheNotebooksEstimatorComputedWithNumpy() {
    float[] p = grid(5000, 37, 91);
    float[] q = grid(5000, 53, 17);
    assertThat(seed.bins()).isEqualTo(60);
    assertThat(seed.kl(p, 5000, q, 5000)).isCloseTo(2.7645062714708435, within(1e-9));
    assertThat(seed.kl(q, 5000, p, 5000)).isCloseTo(2.084985706517143, within(1e-9));
    assertThat(new HistogramKl(50).kl(p, 5000, q, 5000)).isCloseTo(1.421393720011952, within(1e-9));
    assertThat(seed.kl(p, 5000, grid(3000, 53, 17), 3000)).isCloseTo(3.7493678046934864, within(1e-9));
  }

  private static float[] grid(int n, int a, int b) {
    float[] xy = new float[2 * n];
    for (int k = 0; k < n; k++) {
      xy[2 * k] = (float) ((k * (long) a) % 1000 / 1000.0 * 5.4 - 2.7);
      xy[2 * k + 1] = (float) ((k * (long) b) % 997 / 997.0 * 5.2 - 2.6);
    }
    return xy;
  }

  @Test
  void binsLikeNumpySearchsortedWithTheLastEdgeClosed() {
    float[] values = {-2.5f, -2.4f, -0.1f, 0.0f, 0.1f, 0.2f, 0.3f, 0.7f, 1.1f, 2.4f, 2.45f, 2.5f,
        -1.0e-7f, 1.9999999f, 0.29999998f};
    // np.searchsorted(np.linspace(-2.5, 2.5, 51), values, 'right') - 1, with 2.5 moved to 49
    int[] numpy = {0, 0, 23, 25, 26, 27, 28, 31, 36, 49, 49, 49, 24, 44, 27};
    HistogramKl fifty = new HistogramKl(50);
    for (int k = 0; k < values.length; k++) {
      assertThat(fifty.bin(values[k])).as("bin of %s", values[k]).isEqualTo(numpy[k]);
    }
    assertThat(seed.bin(2.5)).isEqualTo(59);
    assertThat(seed.bin(Math.nextUp(2.5))).isEqualTo(-1);
    assertThat(seed.bin(Math.nextDown(-2.5))).isEqualTo(-1);
    assertThat(seed.bin(Double.NaN)).isEqualTo(-1);
  }

  @Test
  void pointsOnTheUpperEdgeCountInTheLastBin() {
    double[] d = seed.probabilities(new float[] {2.5f, 2.5f, -2.5f, 2.5f}, 2);
    assertThat(d[59 * 60 + 59]).isEqualTo(0.5);
    assertThat(d[59]).isEqualTo(0.5); // ix = 0, iy = 59
    assertThat(Arrays.stream(d).filter(v -> v != 0).count()).isEqualTo(2);
  }

  @Test
  void outOfRangePointsAreDropped() {
    int n = 10_000;
    Checkerboard board = new Checkerboard(4, 1.0);
    float[] p = new float[2 * n];
    board.sample(new Rng(2), p, 0, n);
    float[] q = new float[2 * (n + 4)];
    board.sample(new Rng(3), q, 0, n);
    float[] far = {10f, 10f, -3f, 0f, 0f, 2.6f, Float.NaN, 1f};
    System.arraycopy(far, 0, q, 2 * n, far.length);
    assertThat(seed.kl(p, n, q, n + 4)).isEqualTo(seed.kl(p, n, q, n));
    assertThat(seed.probabilities(q, n + 4)).containsExactly(seed.probabilities(q, n));
  }

  @Test
  void probabilitiesSumToOneOverInRangePoints() {
    int n = 10_000;
    float[] xy = new float[2 * n];
    GaussianSampler.sample(new Rng(4), 1.5, xy, 0, n); // some fall outside
    double[] p = seed.probabilities(xy, n);
    assertThat(Arrays.stream(p).sum()).isCloseTo(1.0, within(1e-9));
    assertThat(seed.probabilities(new float[] {9f, 9f}, 1)).containsOnly(0.0);
  }

  /**
   * The density variant (seed src/utils.py: count / (in-range count * bin area), + 1e-8) is the
   * same sum times 1 / bin area when no bin is empty on one side only; computed here directly.
   */
  @Test
  void densityScaleIsTheSameSumOverTheBinArea() {
    int n = 200_000;
    float[] p = new float[2 * n];
    float[] q = new float[2 * n];
    GaussianSampler.sample(new Rng(5), 1.5, p, 0, n);
    GaussianSampler.sample(new Rng(6), 2.0, q, 0, n);
    HistogramKl ten = new HistogramKl(10); // bins of area 0.25, all filled by both samples
    double area = 0.5 * 0.5;
    double[] pd = ten.probabilities(p, n);
    double[] qd = ten.probabilities(q, n);
    double density = 0;
    for (int k = 0; k < pd.length; k++) {
      assertThat(pd[k]).isPositive();
      assertThat(qd[k]).isPositive();
      double a = pd[k] / area + 1e-8;
      density += a * Math.log(a / (qd[k] / area + 1e-8));
    }
    assertThat(ten.binArea()).isCloseTo(area, within(1e-15));
    assertThat(ten.toDensityScale(ten.kl(p, n, q, n))).isCloseTo(density, within(1e-4 * density));
    assertThat(seed.toDensityScale(1.0)).isCloseTo(144.0, within(1e-9));
  }

  /**
   * Edge k of numpy's linspace(-2.5, 2.5, 61) is -2.5 + k (5 / 60); a value exactly on it opens bin
   * k and the double just below it closes bin k - 1, for every inner edge, also where the quotient
   * (v - lo) / width rounds to the wrong side (the edge 2 rounds down, nextDown of edge 18 up).
   */
  @Test
  void everyInnerEdgeOpensItsBinAndTheDoubleBelowItClosesThePreviousOne() {
    for (int bins : new int[] {60, 50}) {
      HistogramKl h = new HistogramKl(bins);
      double step = 5.0 / bins;
      for (int k = 1; k < bins; k++) {
        double edge = -2.5 + k * step;
        assertThat(h.bin(edge)).as("%d bins, edge %d", bins, k).isEqualTo(k);
        assertThat(h.bin(Math.nextDown(edge))).as("%d bins, below edge %d", bins, k).isEqualTo(k - 1);
      }
      assertThat(h.bin(Math.nextDown(2.5))).isEqualTo(bins - 1);
      assertThat(h.bin(Math.nextUp(-2.5))).isZero();
    }
  }

  @Test
  void oneBinHoldsEveryInRangePoint() {
    HistogramKl one = new HistogramKl(1, 0.0, 1.0);
    assertThat(one.bins()).isEqualTo(1);
    assertThat(one.binArea()).isEqualTo(1.0);
    assertThat(one.probabilities(new float[] {0f, 0f, 0.5f, 1f, 1f, 0.25f, 2f, 0f}, 4))
        .containsExactly(1.0);
  }

  @Test
  void rejectsEmptyOrInfiniteRangesAndNoBins() {
    assertThatThrownBy(() -> new HistogramKl(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 0");
    assertThatThrownBy(() -> new HistogramKl(2, 1.0, 1.0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HistogramKl(2, 1.0, 0.0))
        .isInstanceOf(IllegalArgumentException.class);
    // both ends finite, but hi - lo overflows to infinity
    assertThatThrownBy(() -> new HistogramKl(2, -1e308, 1e308))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void countsThatDoNotFitAreRejectedAndZeroPointsGiveZeros() {
    HistogramKl h = new HistogramKl(2, 0.0, 2.0);
    assertThat(h.probabilities(new float[] {0.5f, 0.5f}, 0)).containsExactly(0.0, 0.0, 0.0, 0.0);
    assertThatThrownBy(() -> h.probabilities(new float[4], 3))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("3 points do not fit in 2");
    assertThatThrownBy(() -> h.probabilities(new float[4], -1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> h.probabilities(new long[3], 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected 4 counts, got 3");
    assertThatThrownBy(() -> HistogramKl.kl(new double[3], new double[4]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

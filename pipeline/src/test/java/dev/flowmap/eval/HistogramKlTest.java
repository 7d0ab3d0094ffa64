package dev.flowmap.eval;

import static org.assertj.core.api.Assertions.assertThat;
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
    assertThat(h.density(p, 4)).containsExactly(0.75, 0.0, 0.0, 0.25);
    assertThat(h.density(q, 4)).containsExactly(0.25, 0.25, 0.25, 0.25);
    double e = 1e-8;
    double expected = (0.75 + e) * Math.log((0.75 + e) / (0.25 + e))
        + 2 * e * Math.log(e / (0.25 + e))
        + (0.25 + e) * Math.log((0.25 + e) / (0.25 + e));
    assertThat(h.kl(p, 4, q, 4)).isCloseTo(expected, within(1e-15));
    assertThat(expected).isCloseTo(0.75 * Math.log(3), within(1e-6));
  }

  @Test
  void matchesNumpyHistogram2dGoldenValue() {
    // numpy 2.4: histogram2d(..., bins=50, range=[[-2.5,2.5]]*2, density=True) for the same
    // float32 points, then sum((P+1e-8)*log((P+1e-8)/(Q+1e-8))) = 198.32932936739985
    int n = 5000;
    float[] p = grid(n, 37, 91);
    float[] q = grid(n, 53, 17);
    assertThat(seed.kl(p, n, q, n)).isCloseTo(198.32932936739985, within(1e-9));
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
    for (int k = 0; k < values.length; k++) {
      assertThat(seed.bin(values[k])).as("bin of %s", values[k]).isEqualTo(numpy[k]);
    }
    assertThat(seed.bin(Math.nextUp(2.5))).isEqualTo(-1);
    assertThat(seed.bin(Math.nextDown(-2.5))).isEqualTo(-1);
    assertThat(seed.bin(Double.NaN)).isEqualTo(-1);
  }

  @Test
  void pointsOnTheUpperEdgeCountInTheLastBin() {
    double[] d = seed.density(new float[] {2.5f, 2.5f, -2.5f, 2.5f}, 2);
    assertThat(d[49 * 50 + 49]).isCloseTo(0.5 / 0.01, within(1e-9));
    assertThat(d[49]).isCloseTo(0.5 / 0.01, within(1e-9)); // ix = 0, iy = 49
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
    assertThat(seed.density(q, n + 4)).containsExactly(seed.density(q, n));
  }

  @Test
  void densityIntegratesToOneOverInRangePoints() {
    int n = 10_000;
    float[] xy = new float[2 * n];
    GaussianSampler.sample(new Rng(4), 1.5, xy, 0, n); // some fall outside
    double[] d = seed.density(xy, n);
    double integral = 0;
    for (double v : d) {
      integral += v * 0.1 * 0.1;
    }
    assertThat(integral).isCloseTo(1.0, within(1e-9));
    assertThat(seed.density(new float[] {9f, 9f}, 1)).containsOnly(0.0);
  }
}

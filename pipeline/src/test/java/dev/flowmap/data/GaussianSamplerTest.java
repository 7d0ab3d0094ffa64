package dev.flowmap.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GaussianSamplerTest {

  @Test
  void coordinatesHaveMeanZeroVarianceSigmaSquaredAndNoCorrelation() {
    int n = 100_000;
    double sigma = 2.0;
    float[] xy = new float[2 * n];
    GaussianSampler.sample(new Rng(8), sigma, xy, 0, n);
    double[] sum = new double[2];
    double[] sumSq = new double[2];
    double cross = 0;
    for (int p = 0; p < n; p++) {
      for (int a = 0; a < 2; a++) {
        sum[a] += xy[2 * p + a];
        sumSq[a] += (double) xy[2 * p + a] * xy[2 * p + a];
      }
      cross += (double) xy[2 * p] * xy[2 * p + 1];
    }
    for (int a = 0; a < 2; a++) {
      assertThat(Math.abs(sum[a] / n)).isLessThan(4 * sigma / Math.sqrt(n));
      double var = sumSq[a] / n;
      assertThat(Math.abs(var / (sigma * sigma) - 1)).isLessThan(4 * Math.sqrt(2.0 / n));
    }
    assertThat(Math.abs(cross / n / (sigma * sigma))).isLessThan(4 / Math.sqrt(n));
  }

  @Test
  void writesOnlyItsRangeReproducibly() {
    float[] a = new float[12];
    Arrays.fill(a, 7f);
    GaussianSampler.sample(new Rng(1), 1.0, a, 2, 3);
    float[] b = new float[6];
    GaussianSampler.sample(new Rng(1), 1.0, b, 0, 3);
    assertThat(Arrays.copyOfRange(a, 0, 4)).containsOnly(7f);
    assertThat(Arrays.copyOfRange(a, 10, 12)).containsOnly(7f);
    assertThat(Arrays.copyOfRange(a, 4, 10)).containsExactly(b);
    assertThatThrownBy(() -> GaussianSampler.sample(new Rng(1), 1.0, a, 5, 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void rejectsARangeBeyondTheArrayNamingItAndAcceptsAnEmptyOne() {
    float[] xy = new float[12];
    assertThatThrownBy(() -> GaussianSampler.sample(new Rng(1), 1.0, xy, 3, 4))
        .isInstanceOf(IndexOutOfBoundsException.class).hasMessage("points [3, 7) do not fit in 6");
    assertThatThrownBy(() -> GaussianSampler.sample(new Rng(1), 1.0, xy, 0, -1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    GaussianSampler.sample(new Rng(1), 1.0, xy, 6, 0);
    assertThat(xy).containsOnly(0f);
  }
}

package dev.flowmap.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.flowmap.data.Checkerboard;
import dev.flowmap.data.GaussianSampler;
import dev.flowmap.data.Rng;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
  private static final int N = 50_000;
  private final Checkerboard board = new Checkerboard(4, 1.0);
  private final Evaluator evaluator = new Evaluator(board, N, 5);

  @Test
  void theTargetItselfScoresZeroAndFullSupport() {
    KlRow row = evaluator.score(1, evaluator.target(), N);
    assertThat(row.steps()).isEqualTo(1);
    assertThat(row.kl()).isCloseTo(0.0, within(1e-12));
    assertThat(row.inSupport()).isEqualTo(1.0);
    assertThat(row.floor()).isEqualTo(new KlFloor(1).floor(board, N, 5));
    assertThat(evaluator.samples()).isEqualTo(N);
  }

  @Test
  void anIndependentTargetSampleScoresAtTheFloor() {
    float[] other = new float[2 * N];
    board.sample(new Rng(99), other, 0, N);
    KlRow row = evaluator.score(4, other, N);
    // same distribution as the floor itself: 0.0236 +- 0.0009 at n = 50,000 (see KlFloorTest)
    assertThat(row.kl()).isBetween(0.019, 0.028);
    assertThat(row.floor()).isBetween(0.019, 0.028);
    assertThat(row.inSupport()).isEqualTo(1.0);
  }

  @Test
  void theGaussianBaseScoresFarAboveTheFloorWithItsExactSupportShare() {
    float[] base = new float[2 * N];
    GaussianSampler.sample(new Rng(3), 1.0, base, 0, N);
    KlRow row = evaluator.score(2, base, N);
    assertThat(row.kl()).isGreaterThan(5 * row.floor());
    // P(N(0, I) in the kept squares) = sum over kept (i, j) of mass(i) * mass(j), by quadrature
    double[] mass = new double[4];
    for (int i = 0; i < 4; i++) {
      mass[i] = normalMass(-2.0 + i, -1.0 + i);
    }
    double expected = 0;
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        expected += (i + j) % 2 == 0 ? mass[i] * mass[j] : 0;
      }
    }
    double se = Math.sqrt(expected * (1 - expected) / N);
    assertThat(row.inSupport()).isCloseTo(expected, within(4 * se));
  }

  /**
   * Pins the direction: the KL is KL(p || q) with p = the target, sum p log(p / q). Generated
   * samples that cover only one kept square (p has mass where q has none, so log(p / 1e-8) terms)
   * score far higher than KL(q || p) would (q's mass sits where p has mass too: about log 8).
   */
  @Test
  void takesTheKlWithTheTargetFirst() {
    float[] oneSquare = new float[2 * N];
    float[] target = evaluator.target();
    int kept = 0;
    for (int j = 0; kept < N; j = (j + 1) % N) { // the target's points in [-2, -1]^2, cycled to fill n
      if (target[2 * j] < -1 && target[2 * j + 1] < -1) {
        oneSquare[2 * kept] = target[2 * j];
        oneSquare[2 * kept + 1] = target[2 * j + 1];
        kept++;
      }
    }
    KlRow row = evaluator.score(1, oneSquare, N);
    HistogramKl h = new HistogramKl();
    double pq = h.kl(target, N, oneSquare, N);
    double qp = h.kl(oneSquare, N, target, N);
    assertThat(row.kl()).isEqualTo(pq);
    assertThat(qp).isBetween(Math.log(8) - 0.1, Math.log(8) + 0.1); // the square holds 1/8 of the mass
    // 7/8 of p's mass meets q = 0: (7/8) log(p / 1e-8) - (1/8) log 8 with p about 1 / 1152 per bin
    assertThat(pq).isBetween(9.5, 9.9).isGreaterThan(4 * qp);
  }

  @Test
  void rejectsACountThatIsNotTheSampleSize() {
    assertThatThrownBy(() -> evaluator.score(1, new float[2 * N], N - 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(N - 1));
  }

  /** Standard normal mass of [a, b] by composite Simpson's rule. */
  private static double normalMass(double a, double b) {
    int m = 2000;
    double h = (b - a) / m;
    double sum = pdf(a) + pdf(b);
    for (int k = 1; k < m; k++) {
      sum += (k % 2 == 0 ? 2 : 4) * pdf(a + k * h);
    }
    return sum * h / 3;
  }

  private static double pdf(double x) {
    return Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
  }

  @Test
  void aSampleOfOnePointIsAllowedAndNoneIsNot() {
    Evaluator one = new Evaluator(board, 1, 5);
    assertThat(one.samples()).isEqualTo(1);
    assertThat(one.bins()).isEqualTo(HistogramKl.DEFAULT_BINS);
    KlRow row = one.score(1, one.target(), 1);
    assertThat(row.kl()).isCloseTo(0.0, within(1e-12));
    assertThat(row.inSupport()).isEqualTo(1.0);
    assertThatThrownBy(() -> new Evaluator(board, 0, 5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
  }

  @Test
  void binsAreTheOnesAskedFor() {
    Evaluator fifty = new Evaluator(board, 50, 2000, 5);
    assertThat(fifty.bins()).isEqualTo(50);
    assertThat(evaluator.bins()).isEqualTo(60);
    // the 50-bin evaluator scores with a 50-bin histogram and a 50-bin floor
    float[] other = new float[2 * 2000];
    board.sample(new Rng(17), other, 0, 2000);
    KlRow row = fifty.score(1, other, 2000);
    assertThat(row.kl()).isEqualTo(new HistogramKl(50).kl(fifty.target(), 2000, other, 2000));
    assertThat(row.floor()).isEqualTo(new KlFloor(1).floor(board, 50, 2000, 5));
  }
}

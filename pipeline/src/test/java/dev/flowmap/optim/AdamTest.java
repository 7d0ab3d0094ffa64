package dev.flowmap.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AdamTest {

  private static final int N = 37;
  private static final double B1 = 0.9;
  private static final double B2 = 0.999;
  private static final double EPS = 1e-8;

  /** torch.optim.Adam / AdamW, written out element by element over double[]. */
  private static void referenceStep(double[] p, double[] g, double[] m, double[] v, int t,
      double lr, double wd, boolean decoupled) {
    double bc1 = 1 - Math.pow(B1, t);
    double bc2 = 1 - Math.pow(B2, t);
    for (int i = 0; i < p.length; i++) {
      double gi = g[i];
      if (decoupled) {
        p[i] *= 1 - lr * wd;
      } else {
        gi += wd * p[i];
      }
      m[i] = B1 * m[i] + (1 - B1) * gi;
      v[i] = B2 * v[i] + (1 - B2) * gi * gi;
      double denom = Math.sqrt(v[i]) / Math.sqrt(bc2) + EPS;
      p[i] -= lr / bc1 * m[i] / denom;
    }
  }

  static double[] randomVector(Random random, int n, double scale) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = scale * random.nextGaussian();
    }
    return x;
  }

  static INDArray vector(double[] x) {
    return Nd4j.createFromArray(x.clone());
  }

  private void matchesReference(boolean decoupled) {
    Random random = new Random(7);
    double wd = 0.1;
    double[] p = randomVector(random, N, 1);
    double[] start = p.clone();
    double[] m = new double[N];
    double[] v = new double[N];
    Adam adam = new Adam(N, DataType.DOUBLE, B1, B2, EPS, wd, decoupled);
    INDArray params = vector(p);
    for (int t = 1; t <= 5; t++) {
      double[] g = randomVector(random, N, 0.5 * t);
      double lr = 0.05 * t;
      referenceStep(p, g, m, v, t, lr, wd, decoupled);
      adam.step(params, vector(g), t, lr);
      assertThat(params.toDoubleVector()).containsExactly(p, within(1e-12));
    }
    assertThat(Math.abs(p[0] - start[0])).as("the steps moved the parameters").isGreaterThan(1e-2);
    assertThat(adam.state().get(0).toDoubleVector()).containsExactly(m, within(1e-12));
    assertThat(adam.state().get(1).toDoubleVector()).containsExactly(v, within(1e-12));
  }

  @Test
  void adamWithL2MatchesTorchFormulaOverFiveSteps() {
    matchesReference(false);
  }

  @Test
  void adamwWithDecoupledDecayMatchesTorchFormulaOverFiveSteps() {
    matchesReference(true);
  }

  @Test
  void l2WeightDecayLeavesTheCallersGradientUntouched() {
    double[] g = randomVector(new Random(3), N, 1);
    INDArray grad = vector(g);
    new Adam(N, DataType.DOUBLE, B1, B2, EPS, 0.5, false)
        .step(vector(randomVector(new Random(4), N, 1)), grad, 1, 0.1);
    assertThat(grad.toDoubleVector()).containsExactly(g);
  }

  @Test
  void minimisesAnIllConditionedQuadratic() {
    for (boolean decoupled : new boolean[] {false, true}) {
      double loss = QuadraticBowl.minimise(
          new Adam(QuadraticBowl.N, DataType.DOUBLE, B1, B2, EPS, 0, decoupled), 0.05);
      assertThat(loss).as("decoupled=" + decoupled).isLessThan(1e-6 * QuadraticBowl.initialLoss());
    }
  }

  @Test
  void stateRoundTripGivesIdenticalLaterUpdates() {
    Random random = new Random(11);
    List<INDArray> grads = List.of(vector(randomVector(random, N, 1)),
        vector(randomVector(random, N, 1)), vector(randomVector(random, N, 1)),
        vector(randomVector(random, N, 1)), vector(randomVector(random, N, 1)));
    Adam first = new Adam(N, DataType.DOUBLE, B1, B2, EPS, 0.01, true);
    INDArray params = vector(randomVector(random, N, 1));
    for (int t = 1; t <= 3; t++) {
      first.step(params, grads.get(t - 1), t, 0.1);
    }
    List<INDArray> saved = first.state();
    INDArray resumedParams = params.dup();
    Adam resumed = new Adam(N, DataType.DOUBLE, B1, B2, EPS, 0.01, true);
    resumed.load(saved);
    for (int t = 4; t <= 5; t++) {
      first.step(params, grads.get(t - 1), t, 0.1);
      resumed.step(resumedParams, grads.get(t - 1), t, 0.1);
    }
    assertThat(resumedParams.toDoubleVector()).containsExactly(params.toDoubleVector());
    assertThat(saved.get(0)).as("state() is a snapshot").isNotEqualTo(first.state().get(0));
  }

  @Test
  void rejectsMismatchedStateAndArguments() {
    Adam adam = new Adam(N, DataType.DOUBLE, B1, B2, EPS, 0, false);
    assertThatThrownBy(() -> adam.load(List.of(Nd4j.zeros(DataType.DOUBLE, 5),
        Nd4j.zeros(DataType.DOUBLE, N))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[5]")
        .hasMessageContaining("[" + N + "]");
    assertThatThrownBy(() -> adam.load(List.of(Nd4j.zeros(DataType.DOUBLE, N))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 arrays");
    INDArray p = Nd4j.zeros(DataType.DOUBLE, N);
    assertThatThrownBy(() -> adam.step(p, Nd4j.zeros(DataType.FLOAT, N), 1, 0.1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FLOAT");
    assertThatThrownBy(() -> adam.step(p, Nd4j.zeros(DataType.DOUBLE, N), 0, 0.1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1-based");
  }
}

package dev.flowmap.optim;

import static dev.flowmap.optim.AdamTest.randomVector;
import static dev.flowmap.optim.AdamTest.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class RAdamTest {

  private static final int N = 29;
  private static final double B1 = 0.9;
  private static final double B2 = 0.999;
  private static final double EPS = 1e-8;

  /** torch.optim.RAdam (decoupled_weight_decay=False) over double[]; returns whether it rectified. */
  private static boolean referenceStep(double[] p, double[] g, double[] m, double[] v, int t,
      double lr, double wd) {
    double bc1 = 1 - Math.pow(B1, t);
    double bc2 = 1 - Math.pow(B2, t);
    double rhoInf = 2 / (1 - B2) - 1;
    double rhoT = rhoInf - 2 * t * Math.pow(B2, t) / bc2;
    boolean rectified = rhoT > 5;
    double rect = rectified
        ? Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;
    for (int i = 0; i < p.length; i++) {
      double gi = g[i] + wd * p[i];
      m[i] = B1 * m[i] + (1 - B1) * gi;
      v[i] = B2 * v[i] + (1 - B2) * gi * gi;
      double corrected = m[i] / bc1;
      if (rectified) {
        double adaptive = Math.sqrt(bc2) / (Math.sqrt(v[i]) + EPS);
        p[i] -= corrected * lr * adaptive * rect;
      } else {
        p[i] -= corrected * lr;
      }
    }
    return rectified;
  }

  @Test
  void matchesTorchFormulaThroughBothBranches() {
    Random random = new Random(5);
    double wd = 0.05;
    double[] p = randomVector(random, N, 1);
    double[] m = new double[N];
    double[] v = new double[N];
    RAdam radam = new RAdam(N, DataType.DOUBLE, B1, B2, EPS, wd);
    INDArray params = vector(p);
    List<Boolean> branches = new ArrayList<>();
    for (int t = 1; t <= 10; t++) {
      double[] g = randomVector(random, N, 1 + 0.3 * t);
      double lr = 0.02 * t;
      branches.add(referenceStep(p, g, m, v, t, lr, wd));
      radam.step(params, vector(g), t, lr);
      assertThat(params.toDoubleVector()).as("step " + t).containsExactly(p, within(1e-12));
    }
    assertThat(branches).as("SGD steps first, rectified steps later").contains(true, false);
  }

  @Test
  void firstStepsAreBiasCorrectedMomentumSgd() {
    Random random = new Random(9);
    double[] start = randomVector(random, N, 1);
    double[][] grads = {randomVector(random, N, 1), randomVector(random, N, 1),
        randomVector(random, N, 1)};
    RAdam radam = new RAdam(N, DataType.DOUBLE, B1, B2, EPS, 0);
    INDArray params = vector(start);
    for (int t = 1; t <= 3; t++) {
      radam.step(params, vector(grads[t - 1]), t, 0.1);
    }
    // Unrolled: m_t = (1-b1) sum_k b1^(t-k) g_k; p_3 = p_0 - 0.1 * sum_t m_t / (1 - b1^t).
    for (int i = 0; i < N; i++) {
      double m1 = (1 - B1) * grads[0][i];
      double m2 = (1 - B1) * (B1 * grads[0][i] + grads[1][i]);
      double m3 = (1 - B1) * (B1 * B1 * grads[0][i] + B1 * grads[1][i] + grads[2][i]);
      double expected = start[i] - 0.1 * (m1 / (1 - B1) + m2 / (1 - B1 * B1)
          + m3 / (1 - B1 * B1 * B1));
      assertThat(params.getDouble(i)).isCloseTo(expected, within(1e-12));
    }
  }

  @Test
  void minimisesAnIllConditionedQuadratic() {
    double loss = QuadraticBowl.minimise(new RAdam(QuadraticBowl.N, DataType.DOUBLE, B1, B2, EPS, 0),
        0.05);
    assertThat(loss).isLessThan(1e-6 * QuadraticBowl.initialLoss());
  }

  @Test
  void stateRoundTripGivesIdenticalLaterUpdates() {
    Random random = new Random(13);
    RAdam first = new RAdam(N, DataType.DOUBLE, B1, B2, EPS, 0.01);
    INDArray params = vector(randomVector(random, N, 1));
    List<INDArray> grads = new ArrayList<>();
    for (int t = 1; t <= 10; t++) {
      grads.add(vector(randomVector(random, N, 1)));
    }
    for (int t = 1; t <= 6; t++) {
      first.step(params, grads.get(t - 1), t, 0.1);
    }
    RAdam resumed = new RAdam(N, DataType.DOUBLE, B1, B2, EPS, 0.01);
    resumed.load(first.state());
    INDArray resumedParams = params.dup();
    for (int t = 7; t <= 10; t++) {
      first.step(params, grads.get(t - 1), t, 0.1);
      resumed.step(resumedParams, grads.get(t - 1), t, 0.1);
    }
    assertThat(resumedParams.toDoubleVector()).containsExactly(params.toDoubleVector());
  }
}

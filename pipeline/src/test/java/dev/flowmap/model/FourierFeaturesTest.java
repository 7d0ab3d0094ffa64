package dev.flowmap.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import dev.flowmap.testing.HeapBytes;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FourierFeaturesTest {
  @Test
  void theSeedFixesTheFrequenciesAndTheScaleIsTheirStd() {
    FourierFeatures a = FourierFeatures.draw(2000, 2.5, 11);
    assertThat(FourierFeatures.draw(2000, 2.5, 11)).isEqualTo(a);
    assertThat(FourierFeatures.draw(2000, 2.5, 12)).isNotEqualTo(a);
    double[] b = a.frequencies();
    double sq = 0;
    for (double v : b) {
      sq += v * v;
    }
    // 4000 N(0, 2.5^2) draws: the sample std is within 5% of 2.5 (its sd is about 1.1%)
    assertThat(Math.sqrt(sq / b.length)).isCloseTo(2.5, within(0.125));
    assertThat(FourierFeatures.draw(0, 1, 1)).isSameAs(FourierFeatures.NONE);
    assertThatThrownBy(() -> new FourierFeatures(new double[3])).hasMessageContaining("3");
  }

  /** Rows [x, s, t, sin(2 pi B x), cos(2 pi B x)], and below them tangent rows along x_dot. */
  @Test
  void fillWritesSinAndCosOfTwoPiBxAndTheirTangents() {
    double[] b = {0.5, -1.25, 2.0, 0.75};
    FourierFeatures f = new FourierFeatures(b);
    int n = 3;
    int stride = FlowMapMlp.INPUTS + 4;
    double[][] x = {{0.3, -0.7}, {1.9, 0.1}, {-2.2, 1.4}};
    double[][] xdot = {{1.0, 0.5}, {-0.3, 2.0}, {0.0, -1.0}};
    INDArray z = Nd4j.create(DataType.DOUBLE, 2 * n, stride);
    for (int i = 0; i < n; i++) {
      z.putScalar(i, 0, x[i][0]);
      z.putScalar(i, 1, x[i][1]);
      z.putScalar(i, 2, 0.25);
      z.putScalar(i, 3, 0.5);
      z.putScalar(n + i, 0, xdot[i][0]);
      z.putScalar(n + i, 1, xdot[i][1]);
    }
    InputRows rows = new InputRows(z, stride);
    f.fill(rows, n);
    f.fillTangent(rows, n, Tangent.X);
    double h = 1e-6;
    for (int i = 0; i < n; i++) {
      assertThat(z.getDouble(i, 2)).isEqualTo(0.25);
      assertThat(z.getDouble(i, 3)).isEqualTo(0.5);
      for (int k = 0; k < 2; k++) {
        double a = 2 * Math.PI * (b[2 * k] * x[i][0] + b[2 * k + 1] * x[i][1]);
        assertThat(z.getDouble(i, 4 + k)).isCloseTo(Math.sin(a), within(1e-12));
        assertThat(z.getDouble(i, 6 + k)).isCloseTo(Math.cos(a), within(1e-12));
        double up = 2 * Math.PI * (b[2 * k] * (x[i][0] + h * xdot[i][0]) + b[2 * k + 1] * (x[i][1] + h * xdot[i][1]));
        double down = 2 * Math.PI * (b[2 * k] * (x[i][0] - h * xdot[i][0]) + b[2 * k + 1] * (x[i][1] - h * xdot[i][1]));
        assertThat(z.getDouble(n + i, 4 + k)).isCloseTo((Math.sin(up) - Math.sin(down)) / (2 * h), within(1e-6));
        assertThat(z.getDouble(n + i, 6 + k)).isCloseTo((Math.cos(up) - Math.cos(down)) / (2 * h), within(1e-6));
      }
    }
  }

  /**
   * The fills run on every training step, on every worker: once a pass's {@link InputRows} exist,
   * they allocate nothing on the heap (the off-heap side is {@code TrainerAllocationTest}'s). The
   * JVM counts this thread's allocated bytes; fewer than one per call rules out any per-call
   * array, buffer view or object.
   */
  @Test
  void fillsAllocateNothingOnTheHeap() {
    for (TimeInput time : TimeInput.values()) {
      FourierFeatures f = FourierFeatures.draw(16, 2.0, 5).withTime(time, 4);
      int n = 32;
      int stride = FlowMapMlp.INPUTS + f.extraInputs();
      INDArray z = Nd4j.create(DataType.FLOAT, 2 * n, stride);
      Random r = new Random(3);
      for (int i = 0; i < 2 * n; i++) {
        for (int c = 0; c < FlowMapMlp.INPUTS; c++) {
          z.putScalar(i, c, r.nextDouble());
        }
      }
      InputRows rows = new InputRows(z, stride);
      int calls = 200;
      fillAll(f, rows, n, 5);
      long bytes = HeapBytes.leastPerRound(() -> fillAll(f, rows, n, calls));
      assertThat(bytes).as("heap bytes in %d rounds of fills with %s time features", calls, time)
          .isLessThan(calls);
    }
  }

  private static void fillAll(FourierFeatures f, InputRows rows, int n, int rounds) {
    for (int i = 0; i < rounds; i++) {
      f.fill(rows, n);
      f.fillTangent(rows, n, Tangent.X);
      f.fillTangent(rows, n, Tangent.S);
      f.fillTangent(rows, n, Tangent.T);
    }
  }
}

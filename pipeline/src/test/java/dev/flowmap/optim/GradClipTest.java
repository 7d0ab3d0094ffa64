package dev.flowmap.optim;

import static dev.flowmap.optim.AdamTest.randomVector;
import static dev.flowmap.optim.AdamTest.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GradClipTest {

  private static double javaNorm(double[] x) {
    double sum = 0;
    for (double xi : x) {
      sum += xi * xi;
    }
    return Math.sqrt(sum);
  }

  @Test
  void scalesALargeGradientDownToMaxNormKeepingItsDirection() {
    double[] g = randomVector(new Random(1), 101, 3);
    double norm = javaNorm(g);
    INDArray grad = vector(g);
    assertThat(GradClip.clipGlobalNorm(grad, 10)).isCloseTo(norm, within(1e-12));
    assertThat(norm).isGreaterThan(10);
    assertThat(javaNorm(grad.toDoubleVector())).isCloseTo(10, within(1e-12));
    for (int i = 0; i < g.length; i++) {
      assertThat(grad.getDouble(i)).isCloseTo(g[i] * 10 / norm, within(1e-12));
    }
  }

  @Test
  void leavesASmallGradientAndADisabledClipAlone() {
    double[] g = randomVector(new Random(2), 50, 0.1);
    INDArray grad = vector(g);
    assertThat(GradClip.clipGlobalNorm(grad, 10)).isCloseTo(javaNorm(g), within(1e-12));
    assertThat(grad.toDoubleVector()).containsExactly(g);
    double[] big = randomVector(new Random(3), 50, 100);
    INDArray bigGrad = vector(big);
    assertThat(GradClip.clipGlobalNorm(bigGrad, 0)).isCloseTo(javaNorm(big), within(1e-9));
    assertThat(bigGrad.toDoubleVector()).containsExactly(big);
  }

  @Test
  void floatNormOfALongVectorIsAccurate() {
    double[] g = randomVector(new Random(4), 200_000, 1);
    INDArray grad = Nd4j.createFromArray(g).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
    double reference = javaNorm(grad.toDoubleVector());
    assertThat(GradClip.clipGlobalNorm(grad, 0)).isCloseTo(reference, within(1e-5 * reference));
  }

  @Test
  void clipsAStridedView() {
    INDArray matrix = Nd4j.createFromArray(new double[][] {{3, 100}, {4, 100}});
    INDArray column = matrix.getColumn(0);
    assertThat(GradClip.clipGlobalNorm(column, 1)).isCloseTo(5, within(1e-12));
    assertThat(matrix.getRow(0).toDoubleVector()).containsExactly(new double[] {0.6, 100}, within(1e-12));
    assertThat(matrix.getRow(1).toDoubleVector()).containsExactly(new double[] {0.8, 100}, within(1e-12));
  }

  @Test
  void rejectsAGradientBlasCannotTake() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> GradClip.clipGlobalNorm(Nd4j.ones(org.nd4j.linalg.api.buffer.DataType.INT, 4), 1.0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grad must be FLOAT or DOUBLE");
  }
}

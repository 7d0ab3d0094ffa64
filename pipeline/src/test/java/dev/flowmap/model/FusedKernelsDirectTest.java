package dev.flowmap.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link VectorKernels} called directly, outside {@link MlpPass}: every combination of optional
 * outputs, widths below one vector as well as with a scalar tail, kernels re-run, against the
 * activation and its derivatives computed here in double precision (the derivatives by central
 * differences, so not from the formulas under test).
 */
class FusedKernelsDirectTest {
  private static final int ROWS = 5;
  private static final double K = Math.sqrt(2.0 / Math.PI);

  static java.util.stream.Stream<Arguments> cases() {
    int lanes = VectorKernels.lanes();
    return java.util.stream.Stream.of(Activation.values()).flatMap(a ->
        java.util.stream.IntStream.of(3, lanes, lanes + 5).mapToObj(w -> Arguments.of(a, w)));
  }

  private static DoubleUnaryOperator f(Activation a) {
    return a == Activation.GELU
        ? x -> 0.5 * x * (1 + Math.tanh(K * (x + 0.044715 * x * x * x)))
        : x -> x / (1 + Math.exp(-x));
  }

  private static INDArray rand(long seed, int rows, int cols, double scale) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.rand(DataType.FLOAT, rows, cols).subi(0.5).muli(2 * scale);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void everyOutputSubsetMatchesTheActivationAndItsDerivatives(Activation act, int w) {
    INDArray a = rand(1, ROWS, w, 3);
    INDArray bias = rand(2, 1, w, 1);
    INDArray aDot = rand(3, ROWS, w, 1);
    DoubleUnaryOperator f = f(act);
    double h = 1e-3;
    for (int mask = 0; mask < 8; mask++) {
      boolean wantD1 = (mask & 1) != 0;
      boolean wantD2 = (mask & 2) != 0;
      boolean wantDot = (mask & 4) != 0;
      INDArray out = Nd4j.create(DataType.FLOAT, ROWS, w).assign(Float.NaN);
      INDArray d1 = wantD1 ? Nd4j.create(DataType.FLOAT, ROWS, w) : null;
      INDArray d2 = wantD2 ? Nd4j.create(DataType.FLOAT, ROWS, w) : null;
      INDArray hDot = wantDot ? Nd4j.create(DataType.FLOAT, ROWS, w) : null;
      Runnable k = VectorKernels.activation(act, a, bias, out, d1, d2, wantDot ? aDot : null, hDot);
      for (int run = 0; run < 2; run++) { // a kernel re-runs on the same arrays to the same result
        k.run();
        for (int r = 0; r < ROWS; r++) {
          for (int c = 0; c < w; c++) {
            double x = a.getFloat(r, c) + bias.getFloat(0, c);
            double g1 = (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
            double g2 = (f.applyAsDouble(x + h) - 2 * f.applyAsDouble(x) + f.applyAsDouble(x - h)) / (h * h);
            String at = act + " w=" + w + " mask=" + mask + " (" + r + "," + c + ")";
            assertThat((double) out.getFloat(r, c)).as("h " + at).isCloseTo(f.applyAsDouble(x), within(1e-5));
            if (wantD1) {
              assertThat((double) d1.getFloat(r, c)).as("d1 " + at).isCloseTo(g1, within(1e-4));
            }
            if (wantD2) {
              assertThat((double) d2.getFloat(r, c)).as("d2 " + at).isCloseTo(g2, within(1e-3));
            }
            if (wantDot) {
              assertThat((double) hDot.getFloat(r, c)).as("hDot " + at)
                  .isCloseTo(g1 * aDot.getFloat(r, c), within(1e-4));
            }
          }
        }
      }
      assertThat(a).as("the pre-activation is read, not written").isEqualTo(rand(1, ROWS, w, 3));
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void backwardAppliesTheChainRuleAndAddsTheBiasGradientOnEachRun(Activation act, int w) {
    INDArray gH = rand(4, ROWS, w, 1);
    INDArray d1 = rand(5, ROWS, w, 1);
    INDArray gHDot = rand(6, ROWS, w, 1);
    INDArray d2 = rand(7, ROWS, w, 1);
    INDArray aDot = rand(8, ROWS, w, 1);
    for (boolean stacked : new boolean[] {false, true}) {
      INDArray gA = Nd4j.create(DataType.FLOAT, ROWS, w);
      INDArray gADot = stacked ? Nd4j.create(DataType.FLOAT, ROWS, w).assign(Float.NaN) : null;
      INDArray biasGrad = Nd4j.create(DataType.FLOAT, 1, w).assign(0.25);
      Runnable k = VectorKernels.backward(gH, d1, gA, stacked ? gHDot : null, stacked ? d2 : null,
          stacked ? aDot : null, gADot, biasGrad);
      k.run();
      k.run(); // the column sums start from zero on every run: the bias gradient grows by one sum each
      for (int c = 0; c < w; c++) {
        double sum = 0;
        for (int r = 0; r < ROWS; r++) {
          double g = (double) gH.getFloat(r, c) * d1.getFloat(r, c);
          if (stacked) {
            g += (double) gHDot.getFloat(r, c) * d2.getFloat(r, c) * aDot.getFloat(r, c);
            assertThat((double) gADot.getFloat(r, c)).as("gADot (%d,%d)", r, c)
                .isCloseTo((double) gHDot.getFloat(r, c) * d1.getFloat(r, c), within(1e-6));
          }
          assertThat((double) gA.getFloat(r, c)).as("gA (%d,%d) stacked %s", r, c, stacked)
              .isCloseTo(g, within(1e-6));
          sum += g;
        }
        assertThat((double) biasGrad.getFloat(0, c)).as("bias gradient %d stacked %s", c, stacked)
            .isCloseTo(0.25 + 2 * sum, within(1e-5));
      }
    }
  }

  @Test
  void stridedRowsAndColumnsAndColumnMajorArraysAreRefused() {
    INDArray flat = Nd4j.arange(12).castTo(DataType.FLOAT);
    INDArray everyOther = flat.get(NDArrayIndex.interval(0, 2, 12));
    assertThat(everyOther.rank()).isEqualTo(1);
    assertThatThrownBy(() -> VectorKernels.Mat.of(everyOther)).hasMessageContaining("contiguous");
    INDArray m = Nd4j.arange(24).castTo(DataType.FLOAT).reshape(4, 6);
    INDArray oneRowStrided = m.get(NDArrayIndex.interval(0, 1), NDArrayIndex.interval(0, 2, 6));
    assertThat(oneRowStrided.rank()).isEqualTo(2);
    assertThat(oneRowStrided.rows()).isEqualTo(1);
    assertThatThrownBy(() -> VectorKernels.Mat.of(oneRowStrided)).hasMessageContaining("contiguous");
    INDArray fOrder = Nd4j.create(DataType.FLOAT, new long[] {3, 4}, 'f');
    assertThatThrownBy(() -> VectorKernels.Mat.of(fOrder)).hasMessageContaining("contiguous");
    assertThatThrownBy(() -> VectorKernels.Mat.of(Nd4j.create(DataType.FLOAT, 2, 2, 2)))
        .hasMessageContaining("rank 3");
    // a single column and a single element are contiguous whatever their stride says
    VectorKernels.Mat col = VectorKernels.Mat.of(m.get(NDArrayIndex.interval(1, 2), NDArrayIndex.interval(2, 3)));
    assertThat(col.buf().getFloat(col.pos(0, 0))).isEqualTo(8f);
    assertThat(VectorKernels.Mat.of(null)).isNull();
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }
}

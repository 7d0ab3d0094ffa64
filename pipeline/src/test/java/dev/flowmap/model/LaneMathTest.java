package dev.flowmap.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The lanes' exp, sigmoid and activations against the double reference ({@code Math.exp},
 * {@link Activation#f(double)} and friends), in units in the last place of the float result, over
 * a sweep of float bit patterns; the bounds are those measured (docs/speed.md) rounded up. And
 * every element of a fused pass, tail columns included, is exactly the single-float formula.
 */
class LaneMathTest {
  private static final int POINTS = 200_000;

  /** |got - ref| in ULPs of the float nearest ref. */
  private static double ulps(float got, double ref) {
    if (got == ref) {
      return 0;
    }
    return Math.abs(got - ref) / Math.ulp((float) ref);
  }

  /** POINTS floats evenly spaced in bit pattern between lo and hi, both of one sign. */
  private static float[] sweep(float lo, float hi) {
    int a = Float.floatToRawIntBits(lo);
    int b = Float.floatToRawIntBits(hi);
    float[] x = new float[POINTS];
    for (int i = 0; i < POINTS; i++) {
      x[i] = Float.intBitsToFloat((int) (a + (long) (b - a) * i / (POINTS - 1)));
    }
    return x;
  }

  @Test
  void expIsWithinOneUlpWhereItsResultIsANormalFloat() {
    double worst = 0;
    for (float[] xs : new float[][] {sweep(-87.33f, -1e-30f), sweep(-1e-30f, -0f)}) {
      for (float x : xs) {
        worst = Math.max(worst, ulps(LaneMath.exp(x), Math.exp(x)));
      }
    }
    assertThat(worst).isLessThanOrEqualTo(1.0);
    assertThat(LaneMath.exp(0f)).isEqualTo(1f);
    assertThat(LaneMath.exp(-0f)).isEqualTo(1f);
    assertThat(LaneMath.exp(-87.7f)).as("flushed below the normal floats").isZero();
    assertThat(LaneMath.exp(Float.NEGATIVE_INFINITY)).isZero();
    assertThat(LaneMath.exp(Float.NaN)).isNaN();
  }

  @Test
  void sigmoidIsWithinThreeUlpsAndSaturatesCleanly() {
    double worst = 0;
    for (float[] xs : new float[][] {sweep(0f, 100f), sweep(-0f, -87f)}) {
      for (float x : xs) {
        worst = Math.max(worst, ulps(LaneMath.sigmoid(x), 1 / (1 + Math.exp(-(double) x))));
      }
    }
    assertThat(worst).isLessThanOrEqualTo(3.0);
    assertThat(LaneMath.sigmoid(0f)).isEqualTo(0.5f);
    assertThat(LaneMath.sigmoid(Float.POSITIVE_INFINITY)).isEqualTo(1f);
    assertThat(LaneMath.sigmoid(Float.NEGATIVE_INFINITY)).isZero();
    assertThat(LaneMath.sigmoid(Float.NaN)).isNaN();
  }

  @Test
  void siluIsWithinFourUlpsAndItsDerivativesWithinThreeUlpsOfOne() {
    Activation f = Activation.SILU;
    double worst = 0;
    for (float[] xs : new float[][] {sweep(0f, 1e4f), sweep(-0f, -80f)}) {
      for (float x : xs) {
        worst = Math.max(worst, ulps(f.fFloat(x), f.f(x)));
      }
    }
    assertThat(worst).isLessThanOrEqualTo(4.0);
    assertDerivativesClose(f);
  }

  @Test
  void geluIsWithinTwentyUlpsAboveMinusFourAndItsDerivativesWithinThreeUlpsOfOne() {
    Activation f = Activation.GELU;
    double worst = 0;
    for (float[] xs : new float[][] {sweep(0f, 1e4f), sweep(-0f, -4f)}) {
      for (float x : xs) {
        worst = Math.max(worst, ulps(f.fFloat(x), f.f(x)));
      }
    }
    assertThat(worst).isLessThanOrEqualTo(20.0);
    assertDerivativesClose(f);
  }

  /** f' and f'' within 3 * 2^-23 of the reference, absolutely (both cross zero). */
  private static void assertDerivativesClose(Activation f) {
    double worst1 = 0;
    double worst2 = 0;
    for (float[] xs : new float[][] {sweep(0f, 60f), sweep(-0f, -60f)}) {
      for (float x : xs) {
        worst1 = Math.max(worst1, Math.abs(f.d1Float(x) - f.d1(x)));
        worst2 = Math.max(worst2, Math.abs(f.d2Float(x) - f.d2(x)));
      }
    }
    assertThat(worst1 / 0x1p-23).as("f' error in units of 2^-23").isLessThanOrEqualTo(3.0);
    assertThat(worst2 / 0x1p-23).as("f'' error in units of 2^-23").isLessThanOrEqualTo(3.0);
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void everyElementOfAFusedPassIsTheSingleFloatFormulaTailIncluded(Activation f) {
    int rows = 3;
    int w = 2 * VectorKernels.lanes() + 5;
    Nd4j.getRandom().setSeed(3);
    INDArray a = Nd4j.randn(DataType.FLOAT, rows, w).muli(4);
    INDArray bias = Nd4j.randn(DataType.FLOAT, 1, w);
    INDArray aDot = Nd4j.randn(DataType.FLOAT, rows, w);
    INDArray h = Nd4j.create(DataType.FLOAT, rows, w);
    INDArray d1 = Nd4j.create(DataType.FLOAT, rows, w);
    INDArray d2 = Nd4j.create(DataType.FLOAT, rows, w);
    INDArray hDot = Nd4j.create(DataType.FLOAT, rows, w);
    VectorKernels.activation(f, a, bias, h, d1, d2, aDot, hDot).run();
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < w; c++) {
        float x = a.getFloat(r, c) + bias.getFloat(0, c);
        String at = "row " + r + " column " + c;
        assertThat(h.getFloat(r, c)).as(at).isEqualTo(f.fFloat(x));
        assertThat(d1.getFloat(r, c)).as(at).isEqualTo(f.d1Float(x));
        assertThat(d2.getFloat(r, c)).as(at).isEqualTo(f.d2Float(x));
        assertThat(hDot.getFloat(r, c)).as(at).isEqualTo(f.d1Float(x) * aDot.getFloat(r, c));
      }
    }
  }
}

package dev.flowmap.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link TurnMath} against {@code StrictMath} (fdlibm, correctly rounded to within 1 ulp). The
 * bounds asserted are the ones measured here, with a little room.
 */
class TurnMathTest {
  private static final int N = 400_000;

  /** On the reduced range the kernels are fdlibm's: within 1 double ulp of StrictMath. */
  @Test
  void theKernelsAreWithinOneUlpOfStrictMathOnTheReducedRange() {
    SplittableRandom rng = new SplittableRandom(1);
    long worstSin = 0;
    long worstCos = 0;
    for (int i = 0; i < N; i++) {
      double x = (2 * rng.nextDouble() - 1) * Math.PI / 4;
      worstSin = Math.max(worstSin, ulps(TurnMath.kernelSin(x), StrictMath.sin(x)));
      worstCos = Math.max(worstCos, ulps(TurnMath.kernelCos(x), StrictMath.cos(x)));
    }
    assertThat(worstSin).isLessThanOrEqualTo(1);
    assertThat(worstCos).isLessThanOrEqualTo(1);
  }

  /**
   * Over |u| <= 64 turns (|2 pi B x| up to 400 radians), sin(2 pi u) and cos(2 pi u) differ
   * from StrictMath's sin and cos of the radian argument 2 pi u by no more than the rounding of
   * that argument (|2 pi u| times 2^-53) plus 2 ulps; as floats, what the network reads, they
   * agree to 1 float ulp at most.
   */
  @Test
  void theFullPathAgreesWithStrictMathToTheArgumentsRounding() {
    SplittableRandom rng = new SplittableRandom(2);
    long worstFloat = 0;
    for (int i = 0; i < N; i++) {
      double u = (2 * rng.nextDouble() - 1) * (i % 2 == 0 ? 64 : 1);
      double a = TurnMath.TWO_PI * u;
      double slack = Math.abs(a) * 0x1p-52 + 2 * Math.ulp(1.0);
      double sin = TurnMath.sin(u);
      double cos = TurnMath.cos(u);
      assertThat(Math.abs(sin - StrictMath.sin(a))).isLessThanOrEqualTo(slack);
      assertThat(Math.abs(cos - StrictMath.cos(a))).isLessThanOrEqualTo(slack);
      worstFloat = Math.max(worstFloat, ulps((float) sin, (float) StrictMath.sin(a)));
      worstFloat = Math.max(worstFloat, ulps((float) cos, (float) StrictMath.cos(a)));
    }
    assertThat(worstFloat).isLessThanOrEqualTo(1);
  }

  @Test
  void quadrantsAndSpecialValuesAreExact() {
    assertThat(TurnMath.sin(0.0)).isEqualTo(0.0);
    assertThat(TurnMath.cos(0.0)).isEqualTo(1.0);
    assertThat(TurnMath.sin(0.25)).isEqualTo(1.0);
    assertThat(TurnMath.cos(0.5)).isEqualTo(-1.0);
    assertThat(TurnMath.sin(-0.25)).isEqualTo(-1.0);
    assertThat(TurnMath.cos(1e17)).isEqualTo(1.0); // every double this large is a whole number of turns
    assertThat(TurnMath.sin(Double.NaN)).isNaN();
    assertThat(TurnMath.cos(Double.POSITIVE_INFINITY)).isNaN();
    for (int q = -8; q <= 8; q++) {
      double u = q / 8.0 + 0.01;
      assertThat(TurnMath.sin(u)).isCloseTo(StrictMath.sin(2 * Math.PI * u), org.assertj.core.api.Assertions.within(1e-15));
      assertThat(TurnMath.cos(u)).isCloseTo(StrictMath.cos(2 * Math.PI * u), org.assertj.core.api.Assertions.within(1e-15));
    }
  }

  private static long ulps(double a, double b) {
    return Math.abs(Double.doubleToLongBits(a) - Double.doubleToLongBits(b));
  }

  private static long ulps(float a, float b) {
    return Math.abs(Float.floatToIntBits(a) - Float.floatToIntBits(b));
  }
}

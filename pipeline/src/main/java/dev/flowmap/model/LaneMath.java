package dev.flowmap.model;

import static jdk.incubator.vector.VectorOperators.REINTERPRET_F2I;
import static jdk.incubator.vector.VectorOperators.REINTERPRET_I2F;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp and the logistic sigmoid on float lanes, built from IEEE add, multiply, divide, FMA,
 * compare and bit operations only, so that the interpreter, C1 and C2 give the same bits and the
 * lane count does not matter. The Vector API's {@code lanewise(EXP)} and {@code TANH} are not: C2
 * computes them with the JIT's vector math stubs and the other tiers lane by lane with
 * {@code Math.exp}, and the two differ in the last bits.
 *
 * <p>exp, for x <= 0 only: x = n ln 2 + r with n = round(x / ln 2) (the 1.5 * 2^23 rounding
 * trick), r from a two-part ln 2 (Cody and Waite), e^r by Cephes' degree-5 minimax polynomial on
 * |r| <= ln 2 / 2, and 2^n put into the exponent bits; results below the smallest normal float
 * are 0. The sigmoid and its complement are built from e^-|z|, so neither tail cancels; tanh is
 * not needed, since 0.5 (1 + tanh(u)) = sigmoid(2u). The errors against {@code Math.exp} in
 * double are in {@code docs/speed.md}, and {@code LaneMathTest} holds them.
 *
 * <p>Few operations matter: C2 stops inlining ordinary callees once a method has built about
 * 18,000 IR nodes, each Vector API operation builds hundreds, and a formula left out of a fused
 * kernel's compiled body boxes its vectors, several times slower.
 */
final class LaneMath {
  static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Integer> I = F.withLanes(int.class);
  // constants as vectors: an op on two vectors compiles to less than one that broadcasts a float
  private static final FloatVector LO = c(-87.68f); // n = round(x log2 e) stays >= -126
  private static final FloatVector LOG2E = c(1.44269504088896341f);
  // 1.5 * 2^23 + 127: adding it rounds to an integer n, and the float's bits are then
  // 0x4b40007f + n, whose low 9 bits shifted up by 23 are 2^n as a float
  private static final FloatVector SHIFT = c(12583039f);
  private static final FloatVector MINUS_LN2_HI = c(-0.693359375f);
  private static final FloatVector MINUS_LN2_LO = c(2.12194440e-4f);
  private static final FloatVector E5 = c(1.9875691500e-4f);
  private static final FloatVector E4 = c(1.3981999507e-3f);
  private static final FloatVector E3 = c(8.3334519073e-3f);
  private static final FloatVector E2 = c(4.1665795894e-2f);
  private static final FloatVector E1 = c(1.6666665459e-1f);
  private static final FloatVector E0 = c(5.0000001201e-1f);
  static final FloatVector ZERO = c(0f);
  static final FloatVector ONE = c(1f);
  private static final IntVector MANTISSA_BITS = IntVector.broadcast(I, 23);

  private LaneMath() {}

  /** A constant in every lane. */
  static FloatVector c(float v) {
    return FloatVector.broadcast(F, v);
  }

  /**
   * e^x in every lane for x <= 0 (what the sigmoid needs): 0 below -87.68, where e^x is
   * subnormal or 0 in float, NaN for NaN. Above 0 it is not defined.
   */
  static FloatVector exp(FloatVector x) {
    FloatVector xc = x.max(LO);
    FloatVector t = xc.fma(LOG2E, SHIFT); // SHIFT + n, rounded once: n = round(x log2 e)
    FloatVector n = t.sub(SHIFT);
    FloatVector r = n.fma(MINUS_LN2_LO, n.fma(MINUS_LN2_HI, xc)); // |r| <= ln 2 / 2
    // e^r = 1 + r + r^2 P(r) = (P(r) r + 1) r + 1, P of degree 5
    FloatVector y = r.fma(E5, E4).fma(r, E3).fma(r, E2).fma(r, E1).fma(r, E0)
        .fma(r, ONE).fma(r, ONE);
    IntVector bits = (IntVector) t.convertShape(REINTERPRET_F2I, I, 0);
    FloatVector pow2 = (FloatVector) bits.lanewise(VectorOperators.LSHL, MANTISSA_BITS)
        .convertShape(REINTERPRET_I2F, F, 0); // 2^n, n in [-126, 0]
    return y.mul(pow2).blend(ZERO, x.lt(LO));
  }

  /** e^-|z| in every lane, in (0, 1]: what {@link #sigmoid} and {@link #complement} share. */
  static FloatVector expNegAbs(FloatVector z) {
    return exp(z.abs().neg());
  }

  /**
   * sigmoid(z) = 1 / (1 + e^-z) from e = e^-|z|: q = 1 / (1 + e) for z >= 0 and e q for z < 0,
   * so that neither tail loses precision or overflows (subnormal below -88).
   */
  static FloatVector sigmoid(FloatVector z, FloatVector e) {
    FloatVector q = ONE.div(e.add(ONE));
    return q.blend(e.mul(q), z.lt(ZERO));
  }

  /**
   * 1 - sigmoid(z) = sigmoid(-z) from e = e^-|z| and s = sigmoid(z), without cancellation: e s
   * for z >= 0, and 1 - s for z < 0, where s < 0.5 and the difference is exact to a rounding.
   */
  static FloatVector complement(FloatVector z, FloatVector e, FloatVector s) {
    return e.mul(s).blend(ONE.sub(s), z.lt(ZERO));
  }

  /** sigmoid(z) in every lane. */
  static FloatVector sigmoid(FloatVector z) {
    return sigmoid(z, expNegAbs(z));
  }

  /** e^x of one float, by the lanes (for checks: same bits as any lane). */
  static float exp(float x) {
    return exp(FloatVector.broadcast(F, x)).lane(0);
  }

  /** sigmoid of one float, by the lanes. */
  static float sigmoid(float x) {
    return sigmoid(FloatVector.broadcast(F, x)).lane(0);
  }
}

package dev.flowmap.model;

import jdk.incubator.vector.FloatVector;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Hidden-layer activations with their first and second derivatives (the second is what reverse
 * mode needs to differentiate a forward-mode tangent), the one owner of f, f' and f'' in three
 * forms: in double with {@code Math.exp} and {@code Math.tanh} (the reference); as ND4J ops bound
 * once to preallocated arrays (the double-precision path that the finite-difference checks hold,
 * and float32 without the vector module); and on float lanes in {@link Lanes} (the fused kernels,
 * whose single-float values {@link #fFloat} and friends give). Every dispatch is a switch over the
 * enum without a default, so a new activation does not compile until each form has it.
 */
public enum Activation {
  /** SiLU, a * sigmoid(a) (the seed's). */
  SILU("silu"),
  /** GELU, tanh approximation 0.5 a (1 + tanh(k (a + c a^3))) (JAX's default, the paper's code). */
  GELU("gelu");

  private static final double K = Math.sqrt(2.0 / Math.PI);
  private static final double C = 0.044715;

  /** Scratch arrays {@link #bind} needs, each shaped like {@code a}. */
  static final int SCRATCH = 4;

  private final String id;

  Activation(String id) {
    this.id = id;
  }

  /** The name in configs and messages. */
  @Override
  public String toString() {
    return id;
  }

  /** f(x) in double: the reference. */
  public double f(double x) {
    return switch (this) {
      case SILU -> x * sigmoid(x);
      // = 0.5 x (1 + tanh(u)), without 1 + tanh(u) cancelling to 0 in double for u below -19
      case GELU -> x / (1 + Math.exp(-2 * K * x * (1 + C * x * x)));
    };
  }

  /** f'(x) in double: the reference. */
  public double d1(double x) {
    return switch (this) {
      case SILU -> sigmoid(x) * (1 + x * (1 - sigmoid(x)));
      case GELU -> {
        double t = Math.tanh(K * x * (1 + C * x * x));
        yield 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * K * (1 + 3 * C * x * x);
      }
    };
  }

  /** f''(x) in double: the reference. */
  public double d2(double x) {
    return switch (this) {
      case SILU -> {
        double s = sigmoid(x);
        yield s * (1 - s) * (2 + x * (1 - 2 * s));
      }
      case GELU -> {
        double t = Math.tanh(K * x * (1 + C * x * x));
        double up = K * (1 + 3 * C * x * x);
        yield (1 - t * t) * (up + 0.5 * x * (6 * K * C * x - 2 * t * up * up));
      }
    };
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  /** f(x) of one float, bit for bit what every lane of the fused kernels gives (vector module). */
  public float fFloat(float x) {
    return Lanes.one(this, x, 0);
  }

  /** f'(x) of one float as the fused kernels give it (vector module). */
  public float d1Float(float x) {
    return Lanes.one(this, x, 1);
  }

  /** f''(x) of one float as the fused kernels give it (vector module). */
  public float d2Float(float x) {
    return Lanes.one(this, x, 2);
  }

  /**
   * Builds the ND4J ops that write h = f(a), and when non-null d1 = f'(a) and d2 = f''(a) (d2
   * only with d1); {@code a} is left unchanged. All arrays are fixed from here on.
   *
   * @param s {@link #SCRATCH} scratch arrays shaped like {@code a}
   */
  Kernel bind(Ops ops, INDArray a, INDArray h, INDArray d1, INDArray d2, INDArray[] s) {
    return Kernel.seq(switch (this) {
      case SILU -> ActivationOps.silu(ops, a, h, d1, d2, s);
      case GELU -> ActivationOps.gelu(ops, a, h, d1, d2, s, K, C);
    });
  }

  /**
   * f, f' and f'' on float lanes from IEEE operations only ({@link LaneMath}), the same formula in
   * every lane and tier. Both activations are x s with s a sigmoid, s = sigmoid(x) for SiLU and
   * s = sigmoid(2u), u = k x (1 + c x^2), for GELU, since 0.5 (1 + tanh(u)) = sigmoid(2u); the
   * derivatives follow with 1 - s (computed as sigmoid(-z), not by cancellation) and, for GELU,
   * tanh(u) = 2s - 1 and u' = k (1 + 3 c x^2).
   * Loaded only with the vector module, like {@link VectorKernels}.
   */
  static final class Lanes {
    private static final FloatVector TWO_K = LaneMath.c((float) (2 * K));
    private static final FloatVector TWO_KC = LaneMath.c((float) (2 * K * C));
    private static final FloatVector K_F = LaneMath.c((float) K);
    private static final FloatVector THREE_KC = LaneMath.c((float) (3 * K * C));
    private static final FloatVector TWO = LaneMath.c(2f);
    private static final FloatVector FOUR = LaneMath.c(4f);

    private Lanes() {}

    /** f(x) = x s. */
    static FloatVector f(Activation a, FloatVector x, FloatVector s) {
      return switch (a) {
        case SILU, GELU -> x.mul(s);
      };
    }

    /** f'(x): SiLU s (1 + x (1 - s)); GELU s + 2 x s (1 - s) u'. */
    static FloatVector d1(Activation a, FloatVector x, FloatVector s, FloatVector om) {
      return switch (a) {
        case SILU -> x.fma(om, LaneMath.ONE).mul(s);
        case GELU -> s.mul(om).mul(x.add(x)).fma(uPrime(x), s);
      };
    }

    /**
     * f''(x): SiLU s (1 - s) (2 + x (1 - 2s)); GELU 4 s (1 - s) (u' + x (3 k c x - T u'^2))
     * with T = 2s - 1 = s - (1 - s).
     */
    static FloatVector d2(Activation a, FloatVector x, FloatVector s, FloatVector om) {
      return switch (a) {
        case SILU -> s.mul(om).mul(x.fma(om.sub(s), TWO));
        case GELU -> {
          FloatVector up = uPrime(x);
          FloatVector inner = om.sub(s).mul(up).fma(up, x.mul(THREE_KC)); // 3 k c x - T u'^2
          yield s.mul(om).mul(FOUR).mul(x.fma(inner, up));
        }
      };
    }

    /**
     * z, the argument of the sigmoid: x for SiLU, 2u = 2k x (1 + c x^2) for GELU. With e =
     * {@link LaneMath#expNegAbs}(z), s = {@link LaneMath#sigmoid}(z, e) and 1 - s = {@link
     * LaneMath#complement}(z, e) give {@link #f}, {@link #d1} and {@link #d2}.
     */
    static FloatVector z(Activation a, FloatVector x) {
      return switch (a) {
        case SILU -> x;
        case GELU -> x.mul(x).fma(TWO_KC, TWO_K).mul(x);
      };
    }

    /** f (order 0), f' (1) or f'' (2) of one float, through the lanes. */
    static float one(Activation a, float x, int order) {
      FloatVector v = FloatVector.broadcast(LaneMath.F, x);
      FloatVector z = z(a, v);
      FloatVector e = LaneMath.expNegAbs(z);
      FloatVector s = LaneMath.sigmoid(z, e);
      FloatVector om = LaneMath.complement(z, e, s);
      FloatVector r = order == 0 ? f(a, v, s) : order == 1 ? d1(a, v, s, om) : d2(a, v, s, om);
      return r.lane(0);
    }

    /** u' = k (1 + 3 c x^2). */
    private static FloatVector uPrime(FloatVector x) {
      return x.mul(x).fma(THREE_KC, K_F);
    }
  }
}

package dev.flowmap.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Hidden-layer activations with their first and second derivatives, written into preallocated
 * arrays: the second derivative is what reverse mode needs to differentiate a forward-mode tangent.
 */
public enum Activation {
  /** SiLU, a * sigmoid(a) (the seed's). */
  SILU {
    @Override
    void apply(INDArray a, INDArray h, INDArray d1, INDArray d2, INDArray[] s) {
      INDArray sig = s[0];
      INDArray oneMinus = s[1];
      Nd4j.exec(new Sigmoid(a, sig));
      a.mul(sig, h);
      if (d1 == null) {
        return;
      }
      // d1 = sig * (1 + a (1 - sig))
      sig.rsub(1.0, oneMinus);
      a.mul(oneMinus, d1);
      d1.addi(1.0).muli(sig);
      if (d2 == null) {
        return;
      }
      // d2 = sig (1 - sig) (2 + a (1 - 2 sig))
      sig.mul(oneMinus, d2);
      oneMinus.subi(sig).muli(a).addi(2.0);
      d2.muli(oneMinus);
    }
  },
  /** GELU, tanh approximation 0.5 a (1 + tanh(k (a + c a^3))) (JAX's default, the paper's code). */
  GELU {
    private static final double K = Math.sqrt(2.0 / Math.PI);
    private static final double C = 0.044715;

    @Override
    void apply(INDArray a, INDArray h, INDArray d1, INDArray d2, INDArray[] s) {
      INDArray th = s[0];
      INDArray uPrime = s[1];
      a.mul(a, uPrime); // a^2
      uPrime.mul(C, th).addi(1.0).muli(a).muli(K); // u = k a (1 + c a^2)
      Nd4j.exec(new Tanh(th, th)); // T
      th.add(1.0, h).muli(a).muli(0.5);
      if (d1 == null) {
        return;
      }
      INDArray sech2 = s[2];
      uPrime.muli(3 * C).addi(1.0).muli(K); // u' = k (1 + 3 c a^2)
      th.mul(th, sech2).rsubi(1.0); // 1 - T^2
      // d1 = 0.5 (1 + T) + 0.5 a sech2 u'
      sech2.mul(uPrime, d1).muli(a).addi(th).addi(1.0).muli(0.5);
      if (d2 == null) {
        return;
      }
      // d2 = sech2 (u' + 0.5 a (u'' - 2 T u'^2)), u'' = 6 k c a
      INDArray w = s[3];
      uPrime.mul(uPrime, w).muli(th).muli(-2.0);
      w.addi(a.mul(6 * K * C, d2)); // d2 used as scratch here
      w.muli(a).muli(0.5).addi(uPrime);
      sech2.mul(w, d2);
    }
  };

  /** Scratch arrays {@link #apply} needs, each shaped like {@code a}. */
  static final int SCRATCH = 4;

  /**
   * Writes h = f(a), and when non-null d1 = f'(a) and d2 = f''(a); {@code a} is left unchanged.
   *
   * @param s {@link #SCRATCH} scratch arrays shaped like {@code a}
   */
  abstract void apply(INDArray a, INDArray h, INDArray d1, INDArray d2, INDArray[] s);

  /** Parses a config name ({@code silu} or {@code gelu}). */
  public static Activation of(String name) {
    return switch (name) {
      case "silu" -> SILU;
      case "gelu" -> GELU;
      default -> throw new IllegalArgumentException("unknown activation '" + name + "'");
    };
  }
}

package dev.flowmap.model;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Hidden-layer activations with their first and second derivatives, written into preallocated
 * arrays: the second derivative is what reverse mode needs to differentiate a forward-mode tangent.
 * Each activation is bound once to its arrays as a {@link Kernel}, so running it allocates nothing.
 */
public enum Activation {
  /** SiLU, a * sigmoid(a) (the seed's). */
  SILU {
    @Override
    Kernel bind(INDArray a, INDArray h, INDArray d1, INDArray d2, INDArray[] s) {
      INDArray sig = s[0];
      INDArray oneMinus = s[1];
      List<Kernel> k = new ArrayList<>();
      k.add(Kernel.sigmoid(a, sig));
      k.add(Kernel.mul(a, sig, h));
      if (d1 != null) {
        // d1 = sig * (1 + a (1 - sig))
        k.add(Kernel.rsub(1.0, sig, oneMinus));
        k.add(Kernel.mul(a, oneMinus, d1));
        k.add(Kernel.shift(d1, 1.0, d1));
        k.add(Kernel.mul(d1, sig, d1));
        if (d2 != null) {
          // d2 = sig (1 - sig) (2 + a (1 - 2 sig))
          k.add(Kernel.mul(sig, oneMinus, d2));
          k.add(Kernel.sub(oneMinus, sig, oneMinus));
          k.add(Kernel.mul(oneMinus, a, oneMinus));
          k.add(Kernel.shift(oneMinus, 2.0, oneMinus));
          k.add(Kernel.mul(d2, oneMinus, d2));
        }
      }
      return Kernel.seq(k);
    }
  },
  /** GELU, tanh approximation 0.5 a (1 + tanh(k (a + c a^3))) (JAX's default, the paper's code). */
  GELU {
    private static final double K = Math.sqrt(2.0 / Math.PI);
    private static final double C = 0.044715;

    @Override
    Kernel bind(INDArray a, INDArray h, INDArray d1, INDArray d2, INDArray[] s) {
      INDArray th = s[0];
      INDArray uPrime = s[1];
      List<Kernel> k = new ArrayList<>();
      k.add(Kernel.mul(a, a, uPrime)); // a^2
      // u = k a (1 + c a^2)
      k.add(Kernel.scale(uPrime, C * K, th));
      k.add(Kernel.shift(th, K, th));
      k.add(Kernel.mul(th, a, th));
      k.add(Kernel.tanh(th, th)); // T
      // h = 0.5 a (1 + T)
      k.add(Kernel.shift(th, 1.0, h));
      k.add(Kernel.mul(h, a, h));
      k.add(Kernel.scale(h, 0.5, h));
      if (d1 != null) {
        INDArray sech2 = s[2];
        // u' = k (1 + 3 c a^2)
        k.add(Kernel.scale(uPrime, 3 * C * K, uPrime));
        k.add(Kernel.shift(uPrime, K, uPrime));
        k.add(Kernel.mul(th, th, sech2));
        k.add(Kernel.rsub(1.0, sech2, sech2)); // 1 - T^2
        // d1 = 0.5 (1 + T) + 0.5 a sech2 u'
        k.add(Kernel.mul(sech2, uPrime, d1));
        k.add(Kernel.mul(d1, a, d1));
        k.add(Kernel.add(d1, th, d1));
        k.add(Kernel.shift(d1, 1.0, d1));
        k.add(Kernel.scale(d1, 0.5, d1));
        if (d2 != null) {
          // d2 = sech2 (u' + 0.5 a (u'' - 2 T u'^2)), u'' = 6 k c a
          INDArray w = s[3];
          k.add(Kernel.mul(uPrime, uPrime, w));
          k.add(Kernel.mul(w, th, w));
          k.add(Kernel.scale(w, -2.0, w));
          k.add(Kernel.scale(a, 6 * K * C, d2)); // d2 used as scratch here
          k.add(Kernel.add(w, d2, w));
          k.add(Kernel.mul(w, a, w));
          k.add(Kernel.scale(w, 0.5, w));
          k.add(Kernel.add(w, uPrime, w));
          k.add(Kernel.mul(sech2, w, d2));
        }
      }
      return Kernel.seq(k);
    }
  };

  /** Scratch arrays {@link #bind} needs, each shaped like {@code a}. */
  static final int SCRATCH = 4;

  /**
   * Builds the op that writes h = f(a), and when non-null d1 = f'(a) and d2 = f''(a) (d2 only
   * with d1); {@code a} is left unchanged. All arrays are fixed from here on.
   *
   * @param s {@link #SCRATCH} scratch arrays shaped like {@code a}
   */
  abstract Kernel bind(INDArray a, INDArray h, INDArray d1, INDArray d2, INDArray[] s);

  /** Parses a config name ({@code silu} or {@code gelu}). */
  public static Activation of(String name) {
    return switch (name) {
      case "silu" -> SILU;
      case "gelu" -> GELU;
      default -> throw new IllegalArgumentException("unknown activation '" + name + "'");
    };
  }
}

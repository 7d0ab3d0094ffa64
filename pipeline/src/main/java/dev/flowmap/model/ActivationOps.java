package dev.flowmap.model;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The activations as chains of ND4J ops bound to preallocated arrays: the double-precision
 * reference path of {@link Activation}, and float32 where the vector module is absent. Each
 * builder returns the ops in order; see {@link Activation#bind}.
 */
final class ActivationOps {
  private ActivationOps() {}

  /** SiLU: h = a sig, d1 = sig (1 + a (1 - sig)), d2 = sig (1 - sig) (2 + a (1 - 2 sig)). */
  static List<Kernel> silu(INDArray a, INDArray h, INDArray d1, INDArray d2, INDArray[] s) {
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
    return k;
  }

  /** GELU with T = tanh(k a (1 + c a^2)): h = 0.5 a (1 + T) and its derivatives. */
  static List<Kernel> gelu(INDArray a, INDArray h, INDArray d1, INDArray d2, INDArray[] s,
                           double k, double c) {
    INDArray th = s[0];
    INDArray uPrime = s[1];
    List<Kernel> ops = new ArrayList<>();
    ops.add(Kernel.mul(a, a, uPrime)); // a^2
    // u = k a (1 + c a^2)
    ops.add(Kernel.scale(uPrime, c * k, th));
    ops.add(Kernel.shift(th, k, th));
    ops.add(Kernel.mul(th, a, th));
    ops.add(Kernel.tanh(th, th)); // T
    // h = 0.5 a (1 + T)
    ops.add(Kernel.shift(th, 1.0, h));
    ops.add(Kernel.mul(h, a, h));
    ops.add(Kernel.scale(h, 0.5, h));
    if (d1 != null) {
      INDArray sech2 = s[2];
      // u' = k (1 + 3 c a^2)
      ops.add(Kernel.scale(uPrime, 3 * c * k, uPrime));
      ops.add(Kernel.shift(uPrime, k, uPrime));
      ops.add(Kernel.mul(th, th, sech2));
      ops.add(Kernel.rsub(1.0, sech2, sech2)); // 1 - T^2
      // d1 = 0.5 (1 + T) + 0.5 a sech2 u'
      ops.add(Kernel.mul(sech2, uPrime, d1));
      ops.add(Kernel.mul(d1, a, d1));
      ops.add(Kernel.add(d1, th, d1));
      ops.add(Kernel.shift(d1, 1.0, d1));
      ops.add(Kernel.scale(d1, 0.5, d1));
      if (d2 != null) {
        // d2 = sech2 (u' + 0.5 a (u'' - 2 T u'^2)), u'' = 6 k c a
        INDArray w = s[3];
        ops.add(Kernel.mul(uPrime, uPrime, w));
        ops.add(Kernel.mul(w, th, w));
        ops.add(Kernel.scale(w, -2.0, w));
        ops.add(Kernel.scale(a, 6 * k * c, d2)); // d2 used as scratch here
        ops.add(Kernel.add(w, d2, w));
        ops.add(Kernel.mul(w, a, w));
        ops.add(Kernel.scale(w, 0.5, w));
        ops.add(Kernel.add(w, uPrime, w));
        ops.add(Kernel.mul(sech2, w, d2));
      }
    }
    return ops;
  }
}

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
  static List<Kernel> silu(Ops ops, INDArray a, INDArray h, INDArray d1, INDArray d2, INDArray[] s) {
    INDArray sig = s[0];
    INDArray oneMinus = s[1];
    List<Kernel> k = new ArrayList<>();
    k.add(ops.sigmoid(a, sig));
    k.add(ops.mul(a, sig, h));
    if (d1 != null) {
      // d1 = sig * (1 + a (1 - sig))
      k.add(ops.rsub(1.0, sig, oneMinus));
      k.add(ops.mul(a, oneMinus, d1));
      k.add(ops.shift(d1, 1.0, d1));
      k.add(ops.mul(d1, sig, d1));
      if (d2 != null) {
        // d2 = sig (1 - sig) (2 + a (1 - 2 sig))
        k.add(ops.mul(sig, oneMinus, d2));
        k.add(ops.sub(oneMinus, sig, oneMinus));
        k.add(ops.mul(oneMinus, a, oneMinus));
        k.add(ops.shift(oneMinus, 2.0, oneMinus));
        k.add(ops.mul(d2, oneMinus, d2));
      }
    }
    return k;
  }

  /** GELU with T = tanh(k a (1 + c a^2)): h = 0.5 a (1 + T) and its derivatives. */
  static List<Kernel> gelu(Ops ops, INDArray a, INDArray h, INDArray d1, INDArray d2, INDArray[] s,
                           double k, double c) {
    INDArray th = s[0];
    INDArray uPrime = s[1];
    List<Kernel> chain = new ArrayList<>();
    chain.add(ops.mul(a, a, uPrime)); // a^2
    // u = k a (1 + c a^2)
    chain.add(ops.scale(uPrime, c * k, th));
    chain.add(ops.shift(th, k, th));
    chain.add(ops.mul(th, a, th));
    chain.add(ops.tanh(th, th)); // T
    // h = 0.5 a (1 + T)
    chain.add(ops.shift(th, 1.0, h));
    chain.add(ops.mul(h, a, h));
    chain.add(ops.scale(h, 0.5, h));
    if (d1 != null) {
      INDArray sech2 = s[2];
      // u' = k (1 + 3 c a^2)
      chain.add(ops.scale(uPrime, 3 * c * k, uPrime));
      chain.add(ops.shift(uPrime, k, uPrime));
      chain.add(ops.mul(th, th, sech2));
      chain.add(ops.rsub(1.0, sech2, sech2)); // 1 - T^2
      // d1 = 0.5 (1 + T) + 0.5 a sech2 u'
      chain.add(ops.mul(sech2, uPrime, d1));
      chain.add(ops.mul(d1, a, d1));
      chain.add(ops.add(d1, th, d1));
      chain.add(ops.shift(d1, 1.0, d1));
      chain.add(ops.scale(d1, 0.5, d1));
      if (d2 != null) {
        // d2 = sech2 (u' + 0.5 a (u'' - 2 T u'^2)), u'' = 6 k c a
        INDArray w = s[3];
        chain.add(ops.mul(uPrime, uPrime, w));
        chain.add(ops.mul(w, th, w));
        chain.add(ops.scale(w, -2.0, w));
        chain.add(ops.scale(a, 6 * k * c, d2)); // d2 used as scratch here
        chain.add(ops.add(w, d2, w));
        chain.add(ops.mul(w, a, w));
        chain.add(ops.scale(w, 0.5, w));
        chain.add(ops.add(w, uPrime, w));
        chain.add(ops.mul(sech2, w, d2));
      }
    }
    return chain;
  }
}

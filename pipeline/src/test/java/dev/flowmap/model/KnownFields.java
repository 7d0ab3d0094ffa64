package dev.flowmap.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Networks whose velocity is an exactly known affine function of the inputs, built from the
 * production MLP with both activations: f(z) - f(-z) = z holds exactly for SiLU (sigmoid(z) +
 * sigmoid(-z) = 1) and for the tanh-form GELU (tanh is odd), so one hidden layer of 8 units in
 * +/- pairs passes each of the 4 inputs through unchanged, and the linear output layer mixes them.
 */
public final class KnownFields {
  private KnownFields() {}

  /**
   * A network with v_k(x, s, t) = a x_k + p s + q t + d_k (inScale = outScale = 1), so the field
   * x' = b_t(x) = v_{t,t}(x) = a x + (p + q) t + d has a closed-form flow.
   */
  public static FlowMapMlp affine(Activation act, DataType dtype, double a, double p, double q,
                                  double d0, double d1) {
    int width = 8;
    FlowMapMlp net = FlowMapMlp.create(width, 1, act, dtype, 1, 1, 1);
    INDArray w = net.params();
    w.assign(0);
    // layer 0: input i feeds unit 2i with +1 and unit 2i+1 with -1 (W0 is 4 x 8, row-major)
    for (int i = 0; i < FlowMapMlp.INPUTS; i++) {
      w.putScalar(i * width + 2 * i, 1.0);
      w.putScalar(i * width + 2 * i + 1, -1.0);
    }
    int w1 = FlowMapMlp.INPUTS * width + width;
    // layer 1 (8 x 2): output k = sum over inputs of m[i][k] (unit 2i - unit 2i+1)
    double[][] m = {{a, 0}, {0, a}, {p, p}, {q, q}};
    for (int i = 0; i < FlowMapMlp.INPUTS; i++) {
      for (int k = 0; k < 2; k++) {
        w.putScalar(w1 + (2 * i) * 2 + k, m[i][k]);
        w.putScalar(w1 + (2 * i + 1) * 2 + k, -m[i][k]);
      }
    }
    int b1 = w1 + width * 2;
    w.putScalar(b1, d0);
    w.putScalar(b1 + 1, d1);
    return net;
  }
}

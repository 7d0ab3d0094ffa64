package dev.flowmap.loss;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Small helpers shared by the objectives. */
final class Residuals {
  private Residuals() {}

  /** Sum over rows of the squared norm of r. */
  static double sumSquares(INDArray r) {
    double norm = r.norm2Number().doubleValue();
    return norm * norm;
  }

  /** X_{s,t}(x) = x + (t - s) v, written into {@code out}. */
  static INDArray flowMap(INDArray x, INDArray dt, INDArray v, INDArray out) {
    return out.assign(v).muliColumnVector(dt).addi(x);
  }
}

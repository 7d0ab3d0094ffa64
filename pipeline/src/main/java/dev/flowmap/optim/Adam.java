package dev.flowmap.optim;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adam (torch.optim.Adam, weight decay as L2 added to the gradient) or, when decoupled, AdamW
 * (torch.optim.AdamW, params *= 1 - lr * wd before the Adam update):
 * p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
 */
final class Adam implements MomentOptimizer {

  private final double weightDecay;
  private final boolean decoupled;
  private final Moments moments;

  Adam(long size, DataType dtype, double beta1, double beta2, double eps, double weightDecay,
      boolean decoupled) {
    this.weightDecay = weightDecay;
    this.decoupled = decoupled;
    this.moments = new Moments(size, dtype, beta1, beta2, eps);
  }

  @Override
  public void update(Moments.Range range, INDArray params, INDArray grad, long step, double lr) {
    INDArray g = grad;
    if (decoupled) {
      if (weightDecay != 0) {
        InPlace.scale(1 - lr * weightDecay, params);
      }
    } else {
      g = range.withL2(grad, params, weightDecay);
    }
    range.accumulate(g);
    double biasCorrection1 = moments.biasCorrection1(step);
    double biasCorrection2 = moments.biasCorrection2(step);
    INDArray direction = range.momentOverRootV(1 / Math.sqrt(biasCorrection2));
    InPlace.axpy(-lr / biasCorrection1, direction, params);
  }

  @Override
  public Moments moments() {
    return moments;
  }
}

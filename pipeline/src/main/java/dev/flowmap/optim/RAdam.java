package dev.flowmap.optim;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * RAdam as torch.optim.RAdam (weight decay added to the gradient): with
 * rho_t = rho_inf - 2 t b2^t / (1 - b2^t), rho_inf = 2 / (1 - b2) - 1, the step is
 * p -= lr * m / (1 - b1^t) * r_t * sqrt(1 - b2^t) / (sqrt(v) + eps) when rho_t > 5, with
 * r_t = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t)), and
 * p -= lr * m / (1 - b1^t) (momentum SGD) while the variance estimate is not yet trusted.
 */
final class RAdam implements MomentOptimizer {

  private final double weightDecay;
  private final Moments moments;

  RAdam(long size, DataType dtype, double beta1, double beta2, double eps, double weightDecay) {
    this.weightDecay = weightDecay;
    this.moments = new Moments(size, dtype, beta1, beta2, eps);
  }

  @Override
  public void update(Moments.Range range, INDArray params, INDArray grad, long step, double lr) {
    range.accumulate(range.withL2(grad, params, weightDecay));
    double biasCorrection1 = moments.biasCorrection1(step);
    double biasCorrection2 = moments.biasCorrection2(step);
    double beta2 = moments.beta2();
    double rhoInf = 2 / (1 - beta2) - 1;
    double rhoT = rhoInf - 2 * step * Math.pow(beta2, step) / biasCorrection2;
    if (rhoT > 5) {
      double rect = Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf
          / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
      INDArray direction = range.momentOverRootV(1);
      InPlace.axpy(-lr / biasCorrection1 * rect * Math.sqrt(biasCorrection2), direction, params);
    } else {
      InPlace.axpy(-lr / biasCorrection1, range.m(), params);
    }
  }

  @Override
  public Moments moments() {
    return moments;
  }
}

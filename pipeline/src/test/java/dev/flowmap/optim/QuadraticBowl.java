package dev.flowmap.optim;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Test fixture: f(p) = 1/2 sum a_i (p_i - c_i)^2 with curvatures a_i spread over two decades. */
final class QuadraticBowl {

  static final int N = 8;
  private static final double[] CURVATURE = {0.1, 0.3, 1, 2, 3, 5, 8, 10};
  private static final double[] CENTRE = {1, -2, 0.5, 3, -1, 0.25, -0.75, 2};

  private QuadraticBowl() {}

  static double loss(double[] p) {
    double f = 0;
    for (int i = 0; i < N; i++) {
      f += 0.5 * CURVATURE[i] * (p[i] - CENTRE[i]) * (p[i] - CENTRE[i]);
    }
    return f;
  }

  static double initialLoss() {
    return loss(new double[N]);
  }

  /** Runs 3000 steps from p = 0 with a cosine-decayed learning rate and returns the final loss. */
  static double minimise(Optimizer optimizer, double lr) {
    INDArray params = Nd4j.zeros(DataType.DOUBLE, N);
    INDArray grad = Nd4j.zeros(DataType.DOUBLE, N);
    LrSchedule schedule = ScheduleKind.COSINE.schedule(lr, 0, 0, 3000);
    for (int t = 1; t <= 3000; t++) {
      for (int i = 0; i < N; i++) {
        grad.putScalar(i, CURVATURE[i] * (params.getDouble(i) - CENTRE[i]));
      }
      optimizer.step(params, grad, t, schedule.lr(t));
    }
    return loss(params.toDoubleVector());
  }
}

package dev.flowmap.model;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An op bound once to fixed arrays (views included) and re-run without allocating; built by a
 * compute context's {@link Ops}, which times it for the profile.
 */
@FunctionalInterface
public interface Kernel extends Runnable {
  /** Runs the op on the arrays it was built with. */
  @Override
  void run();

  /** Runs each kernel in order. */
  static Kernel seq(List<? extends Runnable> kernels) {
    Runnable[] ks = kernels.toArray(new Runnable[0]);
    return () -> {
      for (Runnable k : ks) {
        k.run();
      }
    };
  }

  /** Sum of the squares of all elements of a contiguous array, by BLAS (no allocation). */
  static double sumSquares(INDArray x) {
    return Nd4j.getBlasWrapper().level1().dot(x.length(), 1.0, x, x);
  }

  /** y += alpha x over contiguous arrays of the same length, by BLAS (no allocation, any alpha). */
  static void axpy(double alpha, INDArray x, INDArray y) {
    Nd4j.getBlasWrapper().level1().axpy(x.length(), alpha, x, y);
  }

  /** x *= alpha over a contiguous array, by BLAS (no allocation, any alpha). */
  static void scal(double alpha, INDArray x) {
    Nd4j.getBlasWrapper().level1().scal(x.length(), alpha, x);
  }
}

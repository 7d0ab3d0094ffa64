package dev.flowmap.loss;

import dev.flowmap.model.Kernel;
import dev.flowmap.model.Ops;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Small helpers shared by the objectives; ops are bound once and allocate nothing when run. */
final class Residuals {
  private Residuals() {}

  /** Sum over rows of the squared norm of r (contiguous), by BLAS. */
  static double sumSquares(INDArray r) {
    return Kernel.sumSquares(r);
  }

  /** The op writing X_{s,t}(x) = x + (t - s) v into {@code out}. */
  static Kernel flowMap(Ops ops, INDArray x, INDArray dt, INDArray v, INDArray out) {
    return Kernel.seq(List.of(ops.mul(v, dt, out), ops.add(out, x, out)));
  }

  /** Copies {@code from} into {@code to} and scales it by {@code c} (any c, no allocation). */
  static void scaledCopy(INDArray from, double c, INDArray to) {
    to.assign(from);
    Kernel.scal(c, to);
  }
}

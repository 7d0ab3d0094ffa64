package dev.flowmap.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Global-norm gradient clipping (torch.nn.utils.clip_grad_norm_ over one flat vector), allocation-free. */
public final class GradClip {

  private GradClip() {}

  /**
   * Global L2 norm of grad; if maxNorm > 0 and norm > maxNorm, scales grad in place by
   * maxNorm/norm. Returns the norm before clipping. A non-finite norm is returned and grad left as
   * it is, so the caller can see and skip a broken step.
   */
  public static double clipGlobalNorm(INDArray grad, double maxNorm) {
    double norm = norm(grad);
    double factor = factor(norm, maxNorm);
    if (factor != 1) {
      InPlace.scale(factor, grad);
    }
    return norm;
  }

  /**
   * Global L2 norm of grad: one BLAS nrm2 over the whole vector, in OpenBLAS's summation order,
   * however many workers the step has.
   */
  public static double norm(INDArray grad) {
    InPlace.requireBlasType("grad", grad.dataType());
    return InPlace.norm2(grad);
  }

  /**
   * The factor that clipping scales the gradient by: maxNorm / norm when maxNorm > 0 and a finite
   * norm exceeds it, else 1 (scaling by 1 leaves every float as it is).
   */
  public static double factor(double norm, double maxNorm) {
    return maxNorm > 0 && Double.isFinite(norm) && norm > maxNorm ? maxNorm / norm : 1;
  }
}

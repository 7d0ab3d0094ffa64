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
    InPlace.requireBlasType("grad", grad.dataType());
    double norm = InPlace.norm2(grad);
    if (maxNorm > 0 && Double.isFinite(norm) && norm > maxNorm) {
      InPlace.scale(maxNorm / norm, grad);
    }
    return norm;
  }
}

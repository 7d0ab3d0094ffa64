package dev.flowmap.optim;

import org.nd4j.linalg.api.blas.Level1;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Allocation-free vector primitives through BLAS level 1; ND4J's own scalar ops ({@code muli(2.0)})
 * allocate a scalar array per call, which these avoid on the training hot path.
 */
final class InPlace {

  private InPlace() {}

  /** y += alpha * x. */
  static void axpy(double alpha, INDArray x, INDArray y) {
    blas().axpy(x.length(), alpha, x, y);
  }

  /** x *= alpha. */
  static void scale(double alpha, INDArray x) {
    blas().scal(x.length(), alpha, x);
  }

  /** Euclidean norm of x, all elements taken as one vector. */
  static double norm2(INDArray x) {
    return blas().nrm2(x);
  }

  /** Checks that dtype is FLOAT or DOUBLE, the types BLAS takes. */
  static void requireBlasType(String what, DataType dtype) {
    if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
      throw new IllegalArgumentException(what + " must be FLOAT or DOUBLE, was " + dtype);
    }
  }

  /** Checks that a has the given length and data type, naming what it is otherwise. */
  static void requireLike(String what, INDArray a, long length, DataType dtype) {
    if (a.length() != length || a.dataType() != dtype) {
      throw new IllegalArgumentException(what + " must have length " + length + " and type " + dtype
          + ", was length " + a.length() + " and type " + a.dataType());
    }
  }

  private static Level1 blas() {
    return Nd4j.getBlasWrapper().level1();
  }
}

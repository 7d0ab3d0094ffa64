package dev.flowmap.model;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarAdd;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarReverseDivision;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarReverseSubtraction;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarSet;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An ND4J op bound once to fixed arrays (views included) and re-run without allocating.
 *
 * <p>In ND4J 1.0.0-M2.1, {@code a.mul(b, out)}, {@code x.muli(2)}, {@code addiRowVector},
 * {@code muliColumnVector} and even {@code Nd4j.gemm} into a preallocated result create a native
 * buffer or an op context per call; a legacy op object (scalar, transform) kept and re-executed,
 * or a custom op run with an {@link OpContext} built once, creates none. Pairwise factories here
 * broadcast numpy-style ({@code n x 2} times {@code n x 1}, {@code n x w} plus {@code 1 x w}).
 * Build kernels in constructors, run them on the hot path.
 */
@FunctionalInterface
public interface Kernel {
  /** Runs the op on the arrays it was built with. */
  void run();

  /** Runs each kernel in order. */
  static Kernel seq(List<Kernel> kernels) {
    Kernel[] ks = kernels.toArray(new Kernel[0]);
    return () -> {
      for (Kernel k : ks) {
        k.run();
      }
    };
  }

  /** c = alpha op(a) op(b) + beta c, with op the optional transpose. */
  static Kernel gemm(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB,
                     double alpha, double beta) {
    return custom(new Mmul(a, b, c, alpha, beta,
        MMulTranspose.builder().transposeA(transA).transposeB(transB).build()), true);
  }

  /** z = x * y (broadcasting). */
  static Kernel mul(INDArray x, INDArray y, INDArray z) {
    return custom(new MulOp(x, y, z), false);
  }

  /** z = x + y (broadcasting). */
  static Kernel add(INDArray x, INDArray y, INDArray z) {
    return custom(new AddOp(x, y, z), false);
  }

  /** z = x - y (broadcasting). */
  static Kernel sub(INDArray x, INDArray y, INDArray z) {
    return custom(new SubOp(x, y, z), false);
  }

  /** z = x * c. */
  static Kernel scale(INDArray x, double c, INDArray z) {
    return legacy(new ScalarMultiplication(x, null, z, c));
  }

  /** z = x + c. */
  static Kernel shift(INDArray x, double c, INDArray z) {
    return legacy(new ScalarAdd(x, null, z, c));
  }

  /** z = c - x. */
  static Kernel rsub(double c, INDArray x, INDArray z) {
    return legacy(new ScalarReverseSubtraction(x, null, z, c));
  }

  /** Every element of z = c (NaN included). */
  static Kernel fill(INDArray z, double c) {
    return legacy(new ScalarSet(z, null, z, c));
  }

  /**
   * z = 1 / (1 + exp(-x)), composed from exp and three cheap passes: on one thread ND4J's exp
   * took 1.0 ms over 2048 x 256 floats and its sigmoid 1.5 ms, the passes 0.06 to 0.1 ms each.
   * Saturates correctly: exp overflows to +inf for x below about -88 and 1 / inf is 0.
   */
  static Kernel sigmoid(INDArray x, INDArray z) {
    return seq(List.of(scale(x, -1.0, z), legacy(new Exp(z, z)), shift(z, 1.0, z),
        legacy(new ScalarReverseDivision(z, null, z, 1.0))));
  }

  /**
   * z = tanh(x) = 1 - 2 / (1 + exp(2x)), composed from exp for the same reason as {@link
   * #sigmoid}: ND4J's own tanh took 2.9 ms over 2048 x 256 floats on one thread, this about 1.4.
   */
  static Kernel tanh(INDArray x, INDArray z) {
    return seq(List.of(scale(x, 2.0, z), legacy(new Exp(z, z)), shift(z, 1.0, z),
        legacy(new ScalarReverseDivision(z, null, z, 2.0)), rsub(1.0, z, z)));
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

  private static Kernel legacy(Op op) {
    Runnable exec = () -> Nd4j.exec(op);
    return () -> OpClock.time(exec, false);
  }

  private static Kernel custom(DynamicCustomOp op, boolean gemm) {
    OpContext ctx = Nd4j.getExecutioner().buildContext();
    ctx.setInputArrays(op.inputArguments());
    ctx.setOutputArrays(op.outputArguments());
    ctx.setIArguments(op.iArgs());
    ctx.setTArguments(op.tArgs());
    CustomOp bound = op;
    Runnable exec = () -> Nd4j.getExecutioner().exec(bound, ctx);
    return () -> OpClock.time(exec, gemm);
  }
}

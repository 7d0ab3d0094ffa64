package dev.flowmap.optim;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarAdd;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.DivOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.Square;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam's first and second moments with the scratch buffers and prebuilt ops that update them
 * without off-heap allocation: the scalar op for eps and the division's op context are built once
 * per {@link Range}, because building them per step allocates native memory.
 */
final class Moments {

  private final long size;
  private final DataType dtype;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final INDArray m;
  private final INDArray v;
  private final INDArray decayedGrad;
  private final INDArray work;
  private final Range whole;

  /** Moments of {@code size} values that decay by {@code beta1} and {@code beta2} per step. */
  Moments(long size, DataType dtype, double beta1, double beta2, double eps) {
    if (size <= 0) {
      throw new IllegalArgumentException("parameter count must be positive, was " + size);
    }
    InPlace.requireBlasType("optimizer dtype", dtype);
    this.size = size;
    this.dtype = dtype;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.m = Nd4j.zeros(dtype, size);
    this.v = Nd4j.zeros(dtype, size);
    this.decayedGrad = Nd4j.zeros(dtype, size);
    this.work = Nd4j.zeros(dtype, size);
    this.whole = new Range(m, v, decayedGrad, work);
  }

  /** Checks params and grad against this optimizer's size and dtype. */
  void check(INDArray params, INDArray grad, long step) {
    checkArrays(params, grad);
    checkStep(step);
  }

  /** Checks params and grad against this optimizer's size and dtype. */
  void checkArrays(INDArray params, INDArray grad) {
    InPlace.requireLike("params", params, size, dtype);
    InPlace.requireLike("grad", grad, size, dtype);
  }

  /** Checks that step is 1-based. */
  static void checkStep(long step) {
    if (step < 1) {
      throw new IllegalArgumentException("step is 1-based, was " + step);
    }
  }

  /** The moments of every element. */
  Range whole() {
    return whole;
  }

  /** The moments of elements [from, to) alone, with ops of their own (see {@link SplitUpdate}). */
  Range range(long from, long to) {
    return new Range(SplitUpdate.view(m, from, to), SplitUpdate.view(v, from, to),
        SplitUpdate.view(decayedGrad, from, to), SplitUpdate.view(work, from, to));
  }

  /** 1 - b1^t: the bias of the first moment after {@code step} steps from zero. */
  double biasCorrection1(long step) {
    return 1 - Math.pow(beta1, step);
  }

  /** 1 - b2^t: the bias of the second moment after {@code step} steps from zero. */
  double biasCorrection2(long step) {
    return 1 - Math.pow(beta2, step);
  }

  /** The second moment's decay b2. */
  double beta2() {
    return beta2;
  }

  /**
   * The moments of a range of elements (all of them, or one worker's part) and the ops bound to
   * that range; the update of a range touches no element outside it.
   */
  final class Range {
    private final INDArray m;
    private final INDArray v;
    private final INDArray decayedGrad;
    private final INDArray work;
    private final ScalarAdd addEpsToWork;
    private final DivOp divide = new DivOp();
    private final OpContext momentOverWork;

    private Range(INDArray m, INDArray v, INDArray decayedGrad, INDArray work) {
      this.m = m;
      this.v = v;
      this.decayedGrad = decayedGrad;
      this.work = work;
      this.addEpsToWork = new ScalarAdd(work, null, work, eps);
      this.momentOverWork = Nd4j.getExecutioner().buildContext();
      momentOverWork.setInputArrays(m, work);
      momentOverWork.setOutputArrays(work);
    }

    /**
     * Returns grad + weightDecay * params (L2 regularisation) in a scratch buffer, or grad itself if
     * weightDecay is 0.
     */
    INDArray withL2(INDArray grad, INDArray params, double weightDecay) {
      if (weightDecay == 0) {
        return grad;
      }
      decayedGrad.assign(grad);
      InPlace.axpy(weightDecay, params, decayedGrad);
      return decayedGrad;
    }

    /** m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2. */
    void accumulate(INDArray grad) {
      InPlace.scale(beta1, m);
      InPlace.axpy(1 - beta1, grad, m);
      Nd4j.exec(new Square(grad, work));
      InPlace.scale(beta2, v);
      InPlace.axpy(1 - beta2, work, v);
    }

    /** Returns m / (sqrtScale * sqrt(v) + eps) in a scratch buffer valid until the next call. */
    INDArray momentOverRootV(double sqrtScale) {
      Nd4j.exec(new Sqrt(v, work));
      if (sqrtScale != 1) {
        InPlace.scale(sqrtScale, work);
      }
      Nd4j.exec(addEpsToWork);
      Nd4j.exec(divide, momentOverWork);
      return work;
    }

    /** The first moment buffer itself (live). */
    INDArray m() {
      return m;
    }
  }

  /** Copies of [m, v]. */
  List<INDArray> state() {
    return List.of(m.dup(), v.dup());
  }

  /** Copies [m, v] into the buffers. */
  void load(List<INDArray> state) {
    if (state.size() != 2) {
      throw new IllegalArgumentException("optimizer state must hold 2 arrays (m, v), got " + state.size());
    }
    copyInto("m", state.get(0), m);
    copyInto("v", state.get(1), v);
  }

  private static void copyInto(String name, INDArray from, INDArray into) {
    if (!Arrays.equals(from.shape(), into.shape())) {
      throw new IllegalArgumentException("optimizer state " + name + " has shape "
          + Arrays.toString(from.shape()) + ", expected " + Arrays.toString(into.shape()));
    }
    into.assign(from);
  }
}

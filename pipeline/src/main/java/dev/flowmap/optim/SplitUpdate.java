package dev.flowmap.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The optimizer stage's element-wise work cut into fixed contiguous parts, one per worker (see
 * docs/speed.md "The optimizer on both workers"): part k scales its elements of the gradient by
 * the clip's factor, updates its elements of the weights and the moments, then its elements of
 * the EMA. Each part is bound once to views of the buffers, so a step allocates nothing off-heap.
 *
 * <p>Every element goes through the same BLAS and ND4J calls as in the whole-vector stage ({@link
 * GradClip#clipGlobalNorm}, {@link Optimizer#step}, {@link Ema#update}), and each of those
 * computes an element from that element alone. The one way an element's result could depend on
 * where a call starts is OpenBLAS's {@code saxpy}: a vector body over the first {@code n & -32}
 * elements and a scalar loop over the rest, which a compiler may or may not contract to FMA. Parts
 * start at multiples of {@link #ALIGN}, so every element falls in the body or the tail exactly as
 * in one call over the whole vector, and any number of parts gives the whole-vector stage's bits.
 * The clip's norm is not split: {@link GradClip#norm} sums in OpenBLAS's order over the whole
 * vector, whatever the number of parts.
 *
 * <p>All of this holds only while OpenBLAS runs each call on its caller's thread alone, as a step
 * of W workers sets it ({@code train/Threads}); see {@link #applies}.
 */
public final class SplitUpdate {
  /** Parts start at multiples of this many elements. */
  public static final int ALIGN = 64;

  private final long[] bounds;
  private final INDArray[] gradParts;
  private final Optimizer.Part[] optimizerParts;
  private final Runnable[] emaParts;
  private double gradScale = 1;
  private long step;
  private double lr;

  /** The stage of {@code optimizer} and {@code ema} over params and grad, cut into {@code parts} parts. */
  public SplitUpdate(Optimizer optimizer, Ema ema, INDArray params, INDArray grad, int parts) {
    InPlace.requireBlasType("grad", grad.dataType());
    bounds = bounds(params.length(), parts);
    gradParts = new INDArray[parts];
    optimizerParts = new Optimizer.Part[parts];
    emaParts = new Runnable[parts];
    for (int k = 0; k < parts; k++) {
      if (bounds[k] < bounds[k + 1]) {
        gradParts[k] = view(grad, bounds[k], bounds[k + 1]);
        optimizerParts[k] = optimizer.part(params, grad, bounds[k], bounds[k + 1]);
        emaParts[k] = ema.part(params, bounds[k], bounds[k + 1]);
      }
    }
  }

  /**
   * Where the parts of n elements start, and n at the end: {@code parts} contiguous ranges of
   * whole {@link #ALIGN}-element blocks, as equal as those allow; the last ones are empty when n
   * has fewer blocks than parts.
   */
  public static long[] bounds(long n, int parts) {
    if (parts < 1) {
      throw new IllegalArgumentException("parts must be >= 1, was " + parts);
    }
    long blocks = (n + ALIGN - 1) / ALIGN;
    long[] b = new long[parts + 1];
    for (int k = 0; k <= parts; k++) {
      b[k] = Math.min(n, (blocks * k + parts - 1) / parts * ALIGN);
    }
    return b;
  }

  /**
   * Whether the parts give the whole stage's bits now: OpenBLAS has one thread. With more, it
   * cuts a long {@code axpy} into chunks of its own, at boundaries that are not multiples of 32,
   * and two parts asking for its threads at once may or may not get them: the bits would then
   * depend on timing (measured: a different float in the first moment with two BLAS threads).
   */
  public static boolean applies() {
    return Nd4j.factory().blas().getMaxThreads() == 1;
  }

  /** The number of parts. */
  public int parts() {
    return optimizerParts.length;
  }

  /**
   * Sets what the next {@link #run}s apply: the clip's factor ({@link GradClip#factor}; 1 for
   * none), the 1-based step and the learning rate. Call it before the parts run.
   */
  public void prepare(double gradScale, long step, double lr) {
    Moments.checkStep(step);
    this.gradScale = gradScale;
    this.step = step;
    this.lr = lr;
  }

  /** Runs part k of the stage prepared last; parts touch disjoint elements, so they may run at once. */
  public void run(int k) {
    if (optimizerParts[k] == null) {
      return;
    }
    if (gradScale != 1) {
      InPlace.scale(gradScale, gradParts[k]);
    }
    optimizerParts[k].step(step, lr);
    emaParts[k].run();
  }

  /**
   * Elements [from, to) of a contiguous rank-1 vector as a view (the vector itself when that is
   * all of it); from must be a multiple of {@link #ALIGN}.
   */
  static INDArray view(INDArray flat, long from, long to) {
    if (flat.rank() != 1 || flat.stride(0) != 1) {
      throw new IllegalArgumentException("parts need a contiguous rank-1 vector, was shape "
          + java.util.Arrays.toString(flat.shape()) + " stride " + java.util.Arrays.toString(flat.stride()));
    }
    if (from % ALIGN != 0 || from < 0 || to > flat.length() || from >= to) {
      throw new IllegalArgumentException("a part must start at a multiple of " + ALIGN
          + " and hold at least one of the " + flat.length() + " elements, was [" + from + ", " + to + ")");
    }
    if (from == 0 && to == flat.length()) {
      return flat;
    }
    return flat.get(NDArrayIndex.interval(from, to));
  }
}

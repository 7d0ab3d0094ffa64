package dev.flowmap.model;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The MLP behind the flow map X_{s,t}(x) = x + (t - s) v_{s,t}(x): v takes [x / inScale', s, t]
 * (4 inputs), has {@code depth} hidden layers of {@code width} units and a linear output of 2,
 * multiplied by {@code outScale}. All weights live in one flat vector so that optimizers, EMA,
 * clipping and checkpoints work on a single array; the per-layer matrices are views into it.
 */
public final class FlowMapMlp {
  /** Input size: x (2), s, t. */
  public static final int INPUTS = 4;
  /** Output size: the 2D velocity. */
  public static final int OUTPUTS = 2;

  private final int width;
  private final int depth;
  private final Activation activation;
  private final double inScale;
  private final double outScale;
  private final INDArray params;
  private final INDArray[] weights;
  private final INDArray[] biases;

  private FlowMapMlp(int width, int depth, Activation activation, double inScale, double outScale,
                     INDArray params) {
    this.width = width;
    this.depth = depth;
    this.activation = activation;
    this.inScale = inScale;
    this.outScale = outScale;
    this.params = params;
    this.weights = new INDArray[depth + 1];
    this.biases = new INDArray[depth + 1];
    views(params, weights, biases);
  }

  /**
   * A new network with PyTorch's default {@code nn.Linear} initialisation: weights and biases
   * uniform in +-1/sqrt(fan_in), drawn from {@code seed}.
   *
   * @param inScale  factor applied to x before the network (1 / data std for {@code scale: data_std})
   * @param outScale factor applied to the network's output (data std for {@code scale: data_std})
   */
  public static FlowMapMlp create(int width, int depth, Activation activation, DataType dtype,
                                  double inScale, double outScale, long seed) {
    long n = parameterCount(width, depth);
    double[] values = new double[(int) n];
    SplittableRandom rng = new SplittableRandom(seed);
    int off = 0;
    for (int l = 0; l <= depth; l++) {
      int in = l == 0 ? INPUTS : width;
      int out = l == depth ? OUTPUTS : width;
      double bound = 1.0 / Math.sqrt(in);
      for (int i = 0; i < in * out + out; i++) {
        values[off++] = (2 * rng.nextDouble() - 1) * bound;
      }
    }
    INDArray flat = Nd4j.createFromArray(values).castTo(dtype);
    return new FlowMapMlp(width, depth, activation, inScale, outScale, flat);
  }

  /** The same architecture over other weights (for example the EMA, or a snapshot copy). */
  public FlowMapMlp withParams(INDArray flat) {
    if (flat.length() != params.length()) {
      throw new IllegalArgumentException("expected " + params.length() + " parameters, got " + flat.length());
    }
    return new FlowMapMlp(width, depth, activation, inScale, outScale, flat);
  }

  /** A copy of this network whose weights no longer follow the original's. */
  public FlowMapMlp snapshot() {
    return withParams(params.dup());
  }

  /** Number of weights and biases of a network of this shape. */
  public static long parameterCount(int width, int depth) {
    long n = 0;
    for (int l = 0; l <= depth; l++) {
      long in = l == 0 ? INPUTS : width;
      long out = l == depth ? OUTPUTS : width;
      n += in * out + out;
    }
    return n;
  }

  /** Splits a flat vector laid out like {@link #params()} into weight and bias views. */
  void views(INDArray flat, INDArray[] w, INDArray[] b) {
    long off = 0;
    for (int l = 0; l <= depth; l++) {
      long in = l == 0 ? INPUTS : width;
      long out = l == depth ? OUTPUTS : width;
      w[l] = flat.get(NDArrayIndex.interval(off, off + in * out)).reshape('c', in, out);
      off += in * out;
      b[l] = flat.get(NDArrayIndex.interval(off, off + out)).reshape('c', 1, out);
      off += out;
    }
  }

  /** Floating-point operations of one primal forward pass over {@code n} rows (GEMMs only). */
  public long forwardFlops(long n) {
    return 2 * n * (INPUTS * (long) width + (long) (depth - 1) * width * width + (long) width * OUTPUTS);
  }

  public INDArray params() {
    return params;
  }

  INDArray weight(int layer) {
    return weights[layer];
  }

  INDArray bias(int layer) {
    return biases[layer];
  }

  public int width() {
    return width;
  }

  public int depth() {
    return depth;
  }

  public Activation activation() {
    return activation;
  }

  public double inScale() {
    return inScale;
  }

  public double outScale() {
    return outScale;
  }

  public DataType dtype() {
    return params.dataType();
  }
}

package dev.flowmap.model;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The MLP behind the flow map X_{s,t}(x) = x + (t - s) v_{s,t}(x): v takes [x / inScale', s, t]
 * (4 inputs), then the 2K fixed {@link FourierFeatures} of x / inScale' if any, has {@code depth} hidden layers of {@code width} units and a linear output of 2,
 * multiplied by {@code outScale}. All weights live in one flat vector so that optimizers, EMA,
 * clipping and checkpoints work on a single array; the per-layer matrices are views into it.
 * A network carries the {@link Ops} of its compute context: how its passes run and are timed.
 */
public final class FlowMapMlp {
  /** Input size without Fourier features: x (2), s, t. */
  public static final int INPUTS = 4;
  /** Output size: the 2D velocity. */
  public static final int OUTPUTS = 2;

  private final int width;
  private final int depth;
  private final Activation activation;
  private final double inScale;
  private final double outScale;
  private final FourierFeatures fourier;
  private final Ops ops;
  private final INDArray params;
  private final INDArray[] weights;
  private final INDArray[] biases;

  private FlowMapMlp(int width, int depth, Activation activation, double inScale, double outScale,
                     FourierFeatures fourier, Ops ops, INDArray params) {
    this.fourier = fourier;
    this.ops = ops;
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
    return create(width, depth, activation, dtype, inScale, outScale, FourierFeatures.NONE, seed);
  }

  /** As above, the network also reading the Fourier features {@code fourier} of x. */
  public static FlowMapMlp create(int width, int depth, Activation activation, DataType dtype,
                                  double inScale, double outScale, FourierFeatures fourier, long seed) {
    return create(width, depth, activation, dtype, inScale, outScale, fourier, Ops.standard(), seed);
  }

  /**
   * As above, the passes running as {@code ops} says (the compute context's; the overloads
   * without it take {@link Ops#standard()}, a fresh one, for tests and tools).
   */
  public static FlowMapMlp create(int width, int depth, Activation activation, DataType dtype,
                                  double inScale, double outScale, FourierFeatures fourier, Ops ops,
                                  long seed) {
    int inputs = INPUTS + fourier.extraInputs();
    long n = parameterCount(width, depth, inputs);
    double[] values = new double[(int) n];
    SplittableRandom rng = new SplittableRandom(seed);
    int off = 0;
    for (int l = 0; l <= depth; l++) {
      int in = l == 0 ? inputs : width;
      int out = l == depth ? OUTPUTS : width;
      double bound = 1.0 / Math.sqrt(in);
      for (int i = 0; i < in * out + out; i++) {
        values[off++] = (2 * rng.nextDouble() - 1) * bound;
      }
    }
    INDArray flat = Nd4j.createFromArray(values).castTo(dtype);
    return new FlowMapMlp(width, depth, activation, inScale, outScale, fourier, ops, flat);
  }

  /** The same architecture over other weights (for example the EMA, or a snapshot copy). */
  public FlowMapMlp withParams(INDArray flat) {
    if (flat.length() != params.length()) {
      throw new IllegalArgumentException("expected " + params.length() + " parameters, got " + flat.length());
    }
    return new FlowMapMlp(width, depth, activation, inScale, outScale, fourier, ops, flat);
  }

  /** The same weights reading other Fourier frequencies of the same count (those of a checkpoint). */
  public FlowMapMlp withFourier(FourierFeatures other) {
    if (other.count() != fourier.count() || other.extraInputs() != fourier.extraInputs()) {
      throw new IllegalArgumentException("expected " + fourier.count() + " Fourier frequencies, got " + other.count());
    }
    return new FlowMapMlp(width, depth, activation, inScale, outScale, other, ops, params);
  }

  /** A copy of this network whose weights no longer follow the original's. */
  public FlowMapMlp snapshot() {
    return withParams(params.dup());
  }

  /** Number of weights and biases of a network of this shape. */
  public static long parameterCount(int width, int depth) {
    return parameterCount(width, depth, INPUTS);
  }

  /** As above, for a first layer of {@code inputs} inputs (4 + 2K with K Fourier frequencies). */
  public static long parameterCount(int width, int depth, int inputs) {
    long n = 0;
    for (int l = 0; l <= depth; l++) {
      long in = l == 0 ? inputs : width;
      long out = l == depth ? OUTPUTS : width;
      n += in * out + out;
    }
    return n;
  }

  /** Splits a flat vector laid out like {@link #params()} into weight and bias views. */
  void views(INDArray flat, INDArray[] w, INDArray[] b) {
    long off = 0;
    for (int l = 0; l <= depth; l++) {
      long in = l == 0 ? inputs() : width;
      long out = l == depth ? OUTPUTS : width;
      w[l] = flat.get(NDArrayIndex.interval(off, off + in * out)).reshape('c', in, out);
      off += in * out;
      b[l] = flat.get(NDArrayIndex.interval(off, off + out)).reshape('c', 1, out);
      off += out;
    }
  }

  /** Floating-point operations of one primal forward pass over {@code n} rows (GEMMs only). */
  public long forwardFlops(long n) {
    return 2 * n * (inputs() * (long) width + (long) (depth - 1) * width * width + (long) width * OUTPUTS);
  }

  /** Inputs of the first layer: x, s, t, the 2K Fourier features and any time features. */
  public int inputs() {
    return INPUTS + fourier.extraInputs();
  }

  /** The fixed Fourier features of x ({@link FourierFeatures#NONE} when there are none). */
  public FourierFeatures fourier() {
    return fourier;
  }

  /** How this network's passes run and are timed: its compute context's ops. */
  public Ops ops() {
    return ops;
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

package dev.flowmap.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Preallocated buffers for one batch size, running the network forward with an optional
 * forward-mode tangent, and backward through both, so a training step allocates nothing.
 *
 * <p>With a tangent, the primal rows and the tangent rows are stacked ([h; h_dot], 2n rows) so
 * that each layer costs one GEMM forward and two backward. Forward: a = h W + b,
 * a_dot = h_dot W, h = f(a), h_dot = f'(a) a_dot. Backward, from g_h and g_hdot:
 * g_adot = g_hdot f'(a), g_a = g_h f'(a) + g_hdot f''(a) a_dot, gW += [h; h_dot]^T [g_a; g_adot].
 */
public final class MlpPass {
  private final int n;
  private final int rows;
  private final boolean tangent;
  private final boolean trainable;
  private FlowMapMlp net;

  private final INDArray z;
  private final INDArray zx;
  private final INDArray zs;
  private final INDArray zt;
  private final INDArray zdot;
  private final INDArray zdotX;
  private final INDArray[] pre;
  private final INDArray[] act;
  private final INDArray[] d1;
  private final INDArray[] d2;
  private final INDArray[] scratch;
  private final INDArray out;
  private final INDArray v;
  private final INDArray vdot;
  private final INDArray gOut;
  private final INDArray gH;
  private final INDArray gA;
  private final INDArray ones;
  private Tangent mode = Tangent.NONE;

  /**
   * @param n         rows (samples) per pass
   * @param tangent   whether tangents will be pushed (doubles the rows)
   * @param trainable whether {@link #backward} will be called (keeps every layer's activations)
   */
  public MlpPass(FlowMapMlp net, int n, boolean tangent, boolean trainable) {
    this.net = net;
    this.n = n;
    this.tangent = tangent;
    this.trainable = trainable;
    this.rows = tangent ? 2 * n : n;
    var dt = net.dtype();
    int w = net.width();
    int layers = net.depth();
    z = Nd4j.create(dt, rows, FlowMapMlp.INPUTS);
    zx = z.get(NDArrayIndex.interval(0, n), NDArrayIndex.interval(0, 2));
    zs = z.get(NDArrayIndex.interval(0, n), NDArrayIndex.interval(2, 3));
    zt = z.get(NDArrayIndex.interval(0, n), NDArrayIndex.interval(3, 4));
    zdot = tangent ? bottom(z) : null;
    zdotX = tangent ? z.get(NDArrayIndex.interval(n, rows), NDArrayIndex.interval(0, 2)) : null;
    pre = new INDArray[layers];
    act = new INDArray[layers];
    d1 = new INDArray[layers];
    d2 = new INDArray[layers];
    for (int l = 0; l < layers; l++) {
      boolean keep = trainable || l < 2;
      pre[l] = keep ? Nd4j.create(dt, rows, w) : pre[l % 2];
      act[l] = keep ? Nd4j.create(dt, rows, w) : act[l % 2];
      d1[l] = (trainable || tangent) && (trainable || l == 0) ? Nd4j.create(dt, n, w) : d1[0];
      d2[l] = trainable && tangent ? Nd4j.create(dt, n, w) : null;
    }
    scratch = new INDArray[Activation.SCRATCH];
    for (int i = 0; i < scratch.length; i++) {
      scratch[i] = Nd4j.create(dt, n, w);
    }
    out = Nd4j.create(dt, rows, FlowMapMlp.OUTPUTS);
    v = top(out);
    vdot = tangent ? bottom(out) : null;
    gOut = trainable ? Nd4j.create(dt, rows, FlowMapMlp.OUTPUTS) : null;
    gH = trainable ? Nd4j.create(dt, rows, w) : null;
    gA = trainable ? Nd4j.create(dt, rows, w) : null;
    ones = trainable ? Nd4j.ones(dt, 1, n) : null;
  }

  /** Points this pass at other weights of the same architecture (e.g. the EMA). */
  public void bind(FlowMapMlp other) {
    if (other.width() != net.width() || other.depth() != net.depth()) {
      throw new IllegalArgumentException("architecture differs from the pass's");
    }
    this.net = other;
  }

  /** Sets the primal inputs: x (n x 2), s and t (n x 1 each). */
  public void setInputs(INDArray x, INDArray s, INDArray t) {
    zx.assign(x);
    if (net.inScale() != 1.0) {
      zx.muli(net.inScale());
    }
    zs.assign(s);
    zt.assign(t);
  }

  /** Sets the primal inputs with the same times s and t for every row (sampling). */
  public void setInputs(INDArray x, double s, double t) {
    zx.assign(x);
    if (net.inScale() != 1.0) {
      zx.muli(net.inScale());
    }
    zs.assign(s);
    zt.assign(t);
  }

  /** Chooses the tangent direction: along t, along s, or along x in {@code direction} (n x 2). */
  public void setTangent(Tangent kind, INDArray direction) {
    if (kind != Tangent.NONE && !tangent) {
      throw new IllegalStateException("this pass was built without tangents");
    }
    mode = kind;
    if (kind == Tangent.NONE) {
      return;
    }
    zdot.assign(0);
    switch (kind) {
      case T -> zdot.getColumn(3).assign(1);
      case S -> zdot.getColumn(2).assign(1);
      case X -> {
        zdotX.assign(direction);
        if (net.inScale() != 1.0) {
          zdotX.muli(net.inScale());
        }
      }
      default -> throw new IllegalStateException();
    }
  }

  /** Runs the network: afterwards {@link #v()} holds v_{s,t}(x) and {@link #vdot()} its tangent. */
  public void forward() {
    boolean withTangent = mode != Tangent.NONE;
    INDArray h = withTangent ? z : top(z);
    for (int l = 0; l < net.depth(); l++) {
      INDArray a = withTangent ? pre[l] : top(pre[l]);
      Nd4j.gemm(h, net.weight(l), a, false, false, 1.0, 0.0);
      INDArray aTop = withTangent ? top(a) : a;
      aTop.addiRowVector(net.bias(l));
      INDArray hOut = withTangent ? act[l] : top(act[l]);
      INDArray hTop = withTangent ? top(hOut) : hOut;
      net.activation().apply(aTop, hTop, withTangent || trainable ? d1[l] : null,
          withTangent && trainable ? d2[l] : null, scratch);
      if (withTangent) {
        d1[l].mul(bottom(a), bottom(hOut));
      }
      h = hOut;
    }
    INDArray o = withTangent ? out : v;
    Nd4j.gemm(h, net.weight(net.depth()), o, false, false, 1.0, 0.0);
    v.addiRowVector(net.bias(net.depth()));
    if (net.outScale() != 1.0) {
      o.muli(net.outScale());
    }
  }

  /**
   * Accumulates into {@code grad} the gradient of a loss whose derivatives w.r.t. v and v_dot
   * the caller wrote into {@link #gradV()} and {@link #gradVdot()}; the inputs are constants.
   */
  public void backward(Gradient grad) {
    if (!trainable) {
      throw new IllegalStateException("this pass was built without backward buffers");
    }
    boolean withTangent = mode != Tangent.NONE;
    INDArray go = withTangent ? gOut : top(gOut);
    if (net.outScale() != 1.0) {
      go.muli(net.outScale());
    }
    int last = net.depth();
    INDArray hLast = withTangent ? act[last - 1] : top(act[last - 1]);
    Nd4j.gemm(hLast, go, grad.weights[last], true, false, 1.0, 1.0);
    Nd4j.gemm(ones, top(gOut), grad.biases[last], false, false, 1.0, 1.0);
    INDArray gh = withTangent ? gH : top(gH);
    Nd4j.gemm(go, net.weight(last), gh, false, true, 1.0, 0.0);
    for (int l = last - 1; l >= 0; l--) {
      INDArray ga = withTangent ? gA : top(gA);
      INDArray gaTop = withTangent ? top(ga) : ga;
      top(gh).mul(d1[l], gaTop);
      if (withTangent) {
        INDArray ghBot = bottom(gh);
        INDArray tmp = scratch[0];
        ghBot.mul(d2[l], tmp).muli(bottom(pre[l]));
        gaTop.addi(tmp);
        ghBot.mul(d1[l], bottom(ga));
      }
      INDArray hPrev = l == 0 ? (withTangent ? z : top(z)) : (withTangent ? act[l - 1] : top(act[l - 1]));
      Nd4j.gemm(hPrev, ga, grad.weights[l], true, false, 1.0, 1.0);
      Nd4j.gemm(ones, gaTop, grad.biases[l], false, false, 1.0, 1.0);
      if (l > 0) {
        Nd4j.gemm(ga, net.weight(l), gh, false, true, 1.0, 0.0);
      }
    }
  }

  /** v_{s,t}(x), n x 2 (valid after {@link #forward}). */
  public INDArray v() {
    return v;
  }

  /** The tangent of v along the chosen direction, n x 2. */
  public INDArray vdot() {
    return vdot;
  }

  /** Where the caller writes dLoss/dv before {@link #backward}. */
  public INDArray gradV() {
    return top(gOut);
  }

  /** Where the caller writes dLoss/dv_dot before {@link #backward}. */
  public INDArray gradVdot() {
    return bottom(gOut);
  }

  public int rows() {
    return n;
  }

  public FlowMapMlp net() {
    return net;
  }

  private INDArray top(INDArray a) {
    return a.rows() == n ? a : a.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
  }

  private INDArray bottom(INDArray a) {
    return a.get(NDArrayIndex.interval(n, 2L * n), NDArrayIndex.all());
  }
}

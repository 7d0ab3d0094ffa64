package dev.flowmap.model;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Preallocated buffers for one batch size, running the network forward with an optional
 * forward-mode tangent, and backward through both, so a training step allocates nothing.
 *
 * <p>With a tangent, the primal rows and the tangent rows are stacked ([h; h_dot], 2n rows) so
 * that each layer costs one GEMM forward and two backward. Forward: a = h W + b,
 * a_dot = h_dot W, h = f(a), h_dot = f'(a) a_dot. Backward, from g_h and g_hdot:
 * g_adot = g_hdot f'(a), g_a = g_h f'(a) + g_hdot f''(a) a_dot, gW += [h; h_dot]^T [g_a; g_adot].
 * The bias is added to the primal rows only, as a rank-1 GEMM (ones times b), and its gradient
 * is ones^T g_a, also a GEMM.
 *
 * <p>Every op is a {@link Kernel} bound in the constructor (the forward plans, and again on
 * {@link #bind}) or on the first {@link #backward} into a given gradient, so that repeated
 * steps create no native buffers and no op contexts.
 */
public final class MlpPass {
  private final int n;
  private final boolean tangent;
  private final boolean trainable;
  private final boolean fused;
  private final Ops ops;
  private final Buffers buf;
  private final InputRows rows;
  private FlowMapMlp net;
  private Tangent mode = Tangent.NONE;

  private final Kernel scaleX;
  private final Kernel scaleXdot;
  private final Kernel clearXdot;
  private final Kernel unitS;
  private final Kernel unitT;
  private Kernel forwardPrimal;
  private Kernel forwardStacked;
  private Gradient boundGrad;
  private Kernel backwardPrimal;
  private Kernel backwardStacked;

  /**
   * @param n         rows (samples) per pass
   * @param tangent   whether tangents will be pushed (doubles the rows)
   * @param trainable whether {@link #backward} will be called (keeps every layer's activations)
   */
  public MlpPass(FlowMapMlp net, int n, boolean tangent, boolean trainable) {
    this(net, n, tangent, trainable, net.ops().fused(net.dtype()));
  }

  /** As above, choosing the element-wise path: {@link VectorKernels} or ND4J ops. */
  MlpPass(FlowMapMlp net, int n, boolean tangent, boolean trainable, boolean fused) {
    if (fused && !net.ops().fused(net.dtype())) {
      throw new IllegalArgumentException("fused kernels need float32, the vector module and a"
          + " context that has not switched them off");
    }
    this.fused = fused;
    this.ops = net.ops();
    this.net = net;
    this.n = n;
    this.tangent = tangent;
    this.trainable = trainable;
    this.buf = new Buffers(net, n, tangent, trainable, fused);
    this.rows = new InputRows(buf.z, net.inputs());
    double in = net.inScale();
    scaleX = in != 1.0 ? ops.scale(buf.zx, in, buf.zx) : null;
    scaleXdot = tangent && in != 1.0 ? ops.scale(buf.zdotX, in, buf.zdotX) : null;
    clearXdot = tangent ? ops.fill(buf.zdot, 0.0) : null;
    unitS = tangent ? ops.fill(buf.zdotS, 1.0) : null;
    unitT = tangent ? ops.fill(buf.zdotT, 1.0) : null;
    buildForward();
  }

  /** Points this pass at other weights of the same architecture (e.g. the EMA). */
  public void bind(FlowMapMlp other) {
    if (other.width() != net.width() || other.depth() != net.depth() || other.inputs() != net.inputs()) {
      throw new IllegalArgumentException("architecture differs from the pass's");
    }
    if (other != net) {
      this.net = other;
      buildForward();
      boundGrad = null;
    }
  }

  /** Sets the primal inputs: x (n x 2), s and t (n x 1 each). */
  public void setInputs(INDArray x, INDArray s, INDArray t) {
    buf.zx.assign(x);
    if (scaleX != null) {
      scaleX.run();
    }
    buf.zs.assign(s);
    buf.zt.assign(t);
    features();
  }

  /** Fills the feature columns of the primal rows from their x, s and t. */
  private void features() {
    if (net.fourier().active()) {
      net.fourier().fill(rows, n);
    }
  }

  /**
   * Sets the primal inputs with the same times s and t for every row (sampling): the times are
   * written row by row into the input buffer, so a call allocates nothing.
   */
  public void setInputs(INDArray x, double s, double t) {
    buf.zx.assign(x);
    if (scaleX != null) {
      scaleX.run();
    }
    var data = buf.z.data();
    long at = buf.z.offset();
    for (int i = 0; i < n; i++, at += net.inputs()) {
      data.put(at + 2, s);
      data.put(at + 3, t);
    }
    features();
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
    clearXdot.run();
    switch (kind) {
      case T -> unitT.run();
      case S -> unitS.run();
      case X -> {
        buf.zdotX.assign(direction);
        if (scaleXdot != null) {
          scaleXdot.run();
        }
      }
      default -> throw new IllegalStateException();
    }
  }

  /** Runs the network: afterwards {@link #v()} holds v_{s,t}(x) and {@link #vdot()} its tangent. */
  public void forward() {
    if (mode != Tangent.NONE && net.fourier().active()) {
      net.fourier().fillTangent(rows, n, mode);
    }
    (mode != Tangent.NONE ? forwardStacked : forwardPrimal).run();
  }

  /**
   * Accumulates into {@code grad} the gradient of a loss whose derivatives w.r.t. v and v_dot
   * the caller wrote into {@link #gradV()} and {@link #gradVdot()}; the inputs are constants.
   */
  public void backward(Gradient grad) {
    if (!trainable) {
      throw new IllegalStateException("this pass was built without backward buffers");
    }
    if (grad != boundGrad) {
      backwardPrimal = buildBackward(false, grad);
      backwardStacked = tangent ? buildBackward(true, grad) : null;
      boundGrad = grad;
    }
    (mode != Tangent.NONE ? backwardStacked : backwardPrimal).run();
  }

  private void buildForward() {
    forwardPrimal = buildForward(false);
    forwardStacked = tangent ? buildForward(true) : null;
  }

  private Kernel buildForward(boolean stacked) {
    List<Kernel> k = new ArrayList<>();
    int last = net.depth();
    INDArray h = buf.z(stacked);
    for (int l = 0; l < last; l++) {
      k.add(ops.gemm(h, net.weight(l), buf.pre(l, stacked), false, false, 1.0, 0.0));
      INDArray d1 = stacked || trainable ? buf.d1[l] : null;
      INDArray d2 = stacked && trainable ? buf.d2[l] : null;
      if (fused) {
        k.add(ops.fusedActivation(net.activation(), buf.preTop[l], net.bias(l),
            buf.actTop[l], d1, d2, stacked ? buf.preBot[l] : null,
            stacked ? buf.actBot[l] : null));
      } else {
        k.add(ops.gemm(buf.onesCol, net.bias(l), buf.preTop[l], false, false, 1.0, 1.0));
        k.add(net.activation().bind(ops, buf.preTop[l], buf.actTop[l], d1, d2, buf.scratch));
        if (stacked) {
          k.add(ops.mul(buf.d1[l], buf.preBot[l], buf.actBot[l]));
        }
      }
      h = buf.act(l, stacked);
    }
    INDArray o = stacked ? buf.out : buf.v;
    k.add(ops.gemm(h, net.weight(last), o, false, false, 1.0, 0.0));
    k.add(ops.gemm(buf.onesCol, net.bias(last), buf.v, false, false, 1.0, 1.0));
    if (net.outScale() != 1.0) {
      k.add(ops.scale(o, net.outScale(), o));
    }
    return Kernel.seq(k);
  }

  private Kernel buildBackward(boolean stacked, Gradient grad) {
    List<Kernel> k = new ArrayList<>();
    int last = net.depth();
    INDArray go = stacked ? buf.gOut : buf.gV;
    if (net.outScale() != 1.0) {
      k.add(ops.scale(go, net.outScale(), go));
    }
    k.add(ops.gemm(buf.act(last - 1, stacked), go, grad.weights[last], true, false, 1.0, 1.0));
    k.add(ops.gemm(buf.onesRow, buf.gV, grad.biases[last], false, false, 1.0, 1.0));
    INDArray gh = stacked ? buf.gH : buf.gHTop;
    INDArray ga = stacked ? buf.gA : buf.gATop;
    k.add(ops.gemm(go, net.weight(last), gh, false, true, 1.0, 0.0));
    for (int l = last - 1; l >= 0; l--) {
      if (fused) {
        k.add(ops.fusedBackward(buf.gHTop, buf.d1[l], buf.gATop,
            stacked ? buf.gHBot : null, stacked ? buf.d2[l] : null,
            stacked ? buf.preBot[l] : null, stacked ? buf.gABot : null, grad.biases[l]));
      } else {
        k.add(ops.mul(buf.gHTop, buf.d1[l], buf.gATop));
        if (stacked) {
          INDArray tmp = buf.scratch[0];
          k.add(ops.mul(buf.gHBot, buf.d2[l], tmp));
          k.add(ops.mul(tmp, buf.preBot[l], tmp));
          k.add(ops.add(buf.gATop, tmp, buf.gATop));
          k.add(ops.mul(buf.gHBot, buf.d1[l], buf.gABot));
        }
        k.add(ops.gemm(buf.onesRow, buf.gATop, grad.biases[l], false, false, 1.0, 1.0));
      }
      INDArray hPrev = l == 0 ? buf.z(stacked) : buf.act(l - 1, stacked);
      k.add(ops.gemm(hPrev, ga, grad.weights[l], true, false, 1.0, 1.0));
      if (l > 0) {
        k.add(ops.gemm(ga, net.weight(l), gh, false, true, 1.0, 0.0));
      }
    }
    return Kernel.seq(k);
  }

  /** v_{s,t}(x), n x 2 (valid after {@link #forward}). */
  public INDArray v() {
    return buf.v;
  }

  /** The tangent of v along the chosen direction, n x 2. */
  public INDArray vdot() {
    return buf.vdot;
  }

  /** Where the caller writes dLoss/dv before {@link #backward}. */
  public INDArray gradV() {
    return buf.gV;
  }

  /** Where the caller writes dLoss/dv_dot before {@link #backward}. */
  public INDArray gradVdot() {
    return buf.gVdot;
  }
}

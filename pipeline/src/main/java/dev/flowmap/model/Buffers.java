package dev.flowmap.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The arrays of one {@link MlpPass} and every view of them it uses, made once: the primal rows
 * (top, n) and tangent rows (bottom, n) of each stacked array, and the input columns.
 */
final class Buffers {
  final INDArray z;
  final INDArray zTop;
  final INDArray zx;
  final INDArray zs;
  final INDArray zt;
  final INDArray zdot;
  final INDArray zdotX;
  final INDArray zdotS;
  final INDArray zdotT;
  final INDArray[] pre;
  final INDArray[] preTop;
  final INDArray[] preBot;
  final INDArray[] act;
  final INDArray[] actTop;
  final INDArray[] actBot;
  final INDArray[] d1;
  final INDArray[] d2;
  final INDArray[] scratch;
  final INDArray out;
  final INDArray v;
  final INDArray vdot;
  final INDArray gOut;
  final INDArray gV;
  final INDArray gVdot;
  final INDArray gH;
  final INDArray gHTop;
  final INDArray gHBot;
  final INDArray gA;
  final INDArray gATop;
  final INDArray gABot;
  final INDArray onesCol;
  final INDArray onesRow;
  private final int n;

  /** @param fused whether the hidden layers run {@link VectorKernels}, which need no scratch */
  Buffers(FlowMapMlp net, int n, boolean tangent, boolean trainable, boolean fused) {
    this.n = n;
    var dt = net.dtype();
    int rows = tangent ? 2 * n : n;
    int w = net.width();
    int layers = net.depth();
    z = Nd4j.create(dt, rows, net.inputs());
    zTop = top(z);
    zx = cols(zTop, 0, 2);
    zs = cols(zTop, 2, 3);
    zt = cols(zTop, 3, 4);
    zdot = bottom(z);
    zdotX = zdot == null ? null : cols(zdot, 0, 2);
    zdotS = zdot == null ? null : cols(zdot, 2, 3);
    zdotT = zdot == null ? null : cols(zdot, 3, 4);
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
    preTop = tops(pre);
    preBot = bottoms(pre);
    actTop = tops(act);
    actBot = bottoms(act);
    scratch = new INDArray[fused ? 0 : Activation.SCRATCH];
    for (int i = 0; i < scratch.length; i++) {
      scratch[i] = Nd4j.create(dt, n, w);
    }
    out = Nd4j.create(dt, rows, FlowMapMlp.OUTPUTS);
    v = top(out);
    vdot = bottom(out);
    gOut = trainable ? Nd4j.create(dt, rows, FlowMapMlp.OUTPUTS) : null;
    gV = top(gOut);
    gVdot = bottom(gOut);
    gH = trainable ? Nd4j.create(dt, rows, w) : null;
    gHTop = top(gH);
    gHBot = bottom(gH);
    gA = trainable ? Nd4j.create(dt, rows, w) : null;
    gATop = top(gA);
    gABot = bottom(gA);
    onesCol = Nd4j.ones(dt, n, 1);
    onesRow = trainable ? Nd4j.ones(dt, 1, n) : null;
  }

  /** The whole stacked input, or its primal rows. */
  INDArray z(boolean stacked) {
    return stacked ? z : zTop;
  }

  INDArray pre(int layer, boolean stacked) {
    return stacked ? pre[layer] : preTop[layer];
  }

  INDArray act(int layer, boolean stacked) {
    return stacked ? act[layer] : actTop[layer];
  }

  private INDArray top(INDArray a) {
    if (a == null) {
      return null;
    }
    return a.rows() == n ? a : a.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
  }

  private INDArray bottom(INDArray a) {
    if (a == null || a.rows() == n) {
      return null;
    }
    return a.get(NDArrayIndex.interval(n, 2L * n), NDArrayIndex.all());
  }

  private INDArray[] tops(INDArray[] a) {
    INDArray[] r = new INDArray[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = top(a[i]);
    }
    return r;
  }

  private INDArray[] bottoms(INDArray[] a) {
    INDArray[] r = new INDArray[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = bottom(a[i]);
    }
    return r;
  }

  private static INDArray cols(INDArray a, long from, long to) {
    return a.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to));
  }
}

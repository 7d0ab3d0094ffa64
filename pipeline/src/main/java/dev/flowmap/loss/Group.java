package dev.flowmap.loss;

import dev.flowmap.model.Kernel;
import dev.flowmap.model.Ops;
import java.nio.FloatBuffer;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One group of training samples on the device side: x0 ~ base, x1 ~ target (n x 2), times s, t
 * and the PSD split h (n x 1), plus the interpolant I_s = (1 - s) x0 + s x1 and, with a gap
 * weight a > 0 ({@code loss.gap_weight}), the row weights 1 + a (t - s), or with adaptive gap
 * bins ({@code loss.adaptive_bins}, {@link GapBins}) the weights of the rows' bins, set on the host
 * as the rows are copied in.
 */
public final class Group {
  final int n;
  final INDArray x0;
  final INDArray x1;
  final INDArray s;
  final INDArray t;
  final INDArray h;
  final INDArray dt;
  final INDArray interpolant;
  /** 1 + a (t - s) or the row's adaptive bin weight per row, or null without either. */
  final INDArray gapWeights;
  /** The worker's tally of adaptive gap bins, or null without them. */
  private final GapBins.Tally tally;
  /** Each row's adaptive gap bin and its weight (host side), or null without them. */
  private final int[] rowBins;
  private final float[] rowWeights;
  private final Kernel derived;
  /** x0, x1, s, t and h as NIO views of their memory (float32), made once; null in double. */
  private final FloatBuffer[] views;

  /** Buffers of {@code n} rows of {@code dtype}, their ops built by {@code ops}. */
  public Group(Ops ops, DataType dtype, int n) {
    this(ops, dtype, n, 0);
  }

  /** As above, with the row weights 1 + {@code gapWeight} (t - s) when it is > 0. */
  Group(Ops ops, DataType dtype, int n, double gapWeight) {
    this(ops, dtype, n, gapWeight, null);
  }

  /**
   * As above, and with {@code tally} (not null; {@link LossSpec} allows it only without a gap
   * weight) the rows weighted by their adaptive gap bins instead, their squared residuals added to
   * {@code tally} by {@link #tallyResiduals}.
   */
  Group(Ops ops, DataType dtype, int n, double gapWeight, GapBins.Tally tally) {
    this.n = n;
    this.tally = tally;
    rowBins = tally != null ? new int[n] : null;
    rowWeights = tally != null ? new float[n] : null;
    x0 = Nd4j.create(dtype, n, 2);
    x1 = Nd4j.create(dtype, n, 2);
    s = Nd4j.create(dtype, n, 1);
    t = Nd4j.create(dtype, n, 1);
    h = Nd4j.create(dtype, n, 1);
    dt = Nd4j.create(dtype, n, 1);
    interpolant = Nd4j.create(dtype, n, 2);
    gapWeights = gapWeight > 0 || tally != null ? Nd4j.create(dtype, n, 1) : null;
    List<Kernel> k = new java.util.ArrayList<>(List.of(
        ops.sub(t, s, dt),
        ops.sub(x1, x0, interpolant),
        ops.mul(interpolant, s, interpolant),
        ops.add(interpolant, x0, interpolant)));
    if (gapWeight > 0) {
      k.add(ops.scale(dt, gapWeight, gapWeights));
      k.add(ops.shift(gapWeights, 1.0, gapWeights));
    }
    derived = Kernel.seq(k);
    views = dtype == DataType.FLOAT ? new FloatBuffer[] {x0.data().asNioFloat(), x1.data().asNioFloat(),
        s.data().asNioFloat(), t.data().asNioFloat(), h.data().asNioFloat(),
        gapWeights != null ? gapWeights.data().asNioFloat() : null} : null;
  }

  /** Copies a batch's host arrays in (h may be null) and computes t - s and I_s. */
  public void fill(float[] x0, float[] x1, float[] s, float[] t, float[] h) {
    fill(x0, x1, s, t, h, 0);
  }

  /**
   * Copies rows [from, from + n) of a batch's host arrays in (h may be null) and computes t - s
   * and I_s: a worker's slice of the batch.
   */
  void fill(float[] x0, float[] x1, float[] s, float[] t, float[] h, int from) {
    put(0, this.x0, x0, 2 * from);
    put(1, this.x1, x1, 2 * from);
    put(2, this.s, s, from);
    put(3, this.t, t, from);
    if (h != null) {
      put(4, this.h, h, from);
    }
    if (tally != null) {
      for (int i = 0; i < n; i++) {
        rowBins[i] = tally.bins.bin(t[from + i] - s[from + i]); // the float t - s, as dt holds it
        rowWeights[i] = tally.bins.weight(rowBins[i]);
      }
      put(5, gapWeights, rowWeights, 0);
    }
    derive();
  }

  /**
   * Adds each row's squared residual |r_i|^2 (r: n x 2; {@code view} its float memory, or null in
   * double) to its adaptive gap bin's tally, in row order; nothing without adaptive bins.
   */
  void tallyResiduals(INDArray r, FloatBuffer view) {
    if (tally == null) {
      return;
    }
    for (int i = 0; i < n; i++) {
      double a = view != null ? view.get(2 * i) : r.getDouble(i, 0);
      double b = view != null ? view.get(2 * i + 1) : r.getDouble(i, 1);
      tally.add(rowBins[i], a * a + b * b);
    }
  }

  /** Row {@code i}'s adaptive gap bin (tests). */
  int rowBin(int i) {
    return rowBins[i];
  }

  /** Recomputes t - s, the interpolant and the row weights after the fields were set directly (tests). */
  void derive() {
    derived.run();
  }

  /** Copies {@code src} from {@code offset} into {@code dst}, the array of view {@code k}. */
  private void put(int k, INDArray dst, float[] src, int offset) {
    if (src.length - offset < dst.length()) {
      throw new IllegalArgumentException("expected " + dst.length() + " values from " + offset
          + ", got " + src.length);
    }
    if (views != null) {
      views[k].put(0, src, offset, (int) dst.length()); // absolute: the view's position stays 0
    } else {
      for (int i = 0; i < dst.length(); i++) {
        dst.data().put(i, src[offset + i]);
      }
    }
  }
}

package dev.flowmap.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The element-wise work of a hidden layer fused into one pass over memory each way, with the JDK
 * Vector API on ND4J's own off-heap float buffers: forward, the bias, the activation, its first
 * and second derivatives and the tangent product; backward, the activation's chain rule for the
 * primal and tangent rows and the bias gradient. ND4J composes the same work from 10 to 30
 * separate ops, each a pass over memory.
 *
 * <p>Loaded only through {@link Ops}, when the {@code jdk.incubator.vector} module is present.
 * Float32 only; the lanes run over the columns of each row and one masked pass of the same code
 * takes the columns left over, so any width works. The activation comes from {@link
 * Activation.Lanes} and uses IEEE operations only, so every lane, the tail, every JIT tier and
 * every lane count give the same bits.
 */
final class VectorKernels {
  private static final VectorSpecies<Float> F = LaneMath.F;
  private static final ByteOrder ORDER = ByteOrder.nativeOrder();

  private VectorKernels() {}

  /** Lanes per vector on this machine. */
  static int lanes() {
    return F.length();
  }

  /**
   * With x = a + bias (per column): h = f(x), d1 = f'(x), d2 = f''(x), hDot = d1 aDot, in one
   * pass; d1, d2 and hDot may be null (hDot needs aDot). {@code a} is read, not written: nothing
   * after the activation needs the pre-activation, and a store is a pass over memory.
   */
  static Runnable activation(Activation f, INDArray a, INDArray bias, INDArray h, INDArray d1,
                             INDArray d2, INDArray aDot, INDArray hDot) {
    return new Forward(f, Mat.of(a), Mat.of(bias), Mat.of(h),
        Mat.of(d1), Mat.of(d2), Mat.of(aDot), Mat.of(hDot));
  }

  /**
   * The chain rule through a hidden layer's activation: gA = gH d1 for the primal rows, and with
   * tangent rows gA += gHDot d2 aDot, gADot = gHDot d1; then biasGrad += the column sums of gA.
   * gHDot, d2, aDot and gADot are null for a primal-only pass.
   */
  static Runnable backward(INDArray gH, INDArray d1, INDArray gA, INDArray gHDot, INDArray d2,
                           INDArray aDot, INDArray gADot, INDArray biasGrad) {
    return new Backward(Mat.of(gH), Mat.of(d1), Mat.of(gA), Mat.of(gHDot), Mat.of(d2),
        Mat.of(aDot), Mat.of(gADot), Mat.of(biasGrad));
  }

  /** The lanes of the columns left over after the full vectors of a row of {@code cols}; null if none. */
  private static VectorMask<Float> tailMask(int cols) {
    int vec = F.loopBound(cols);
    return vec < cols ? F.indexInRange(vec, cols) : null;
  }

  /** A contiguous float32 row-major matrix (a row vector included) as bytes from an offset. */
  record Mat(ByteBuffer buf, int at, int rows, int cols) {
    static Mat of(INDArray a) {
      if (a == null) {
        return null;
      }
      if (a.dataType() != DataType.FLOAT || a.rank() > 2) {
        throw new IllegalArgumentException("fused kernels need float32 vectors or matrices, got "
            + a.dataType() + " rank " + a.rank());
      }
      int rows = a.rank() == 2 ? (int) a.rows() : 1;
      int cols = a.rank() == 2 ? (int) a.columns() : (int) a.length();
      boolean dense = a.rank() < 2
          ? cols == 1 || a.stride(0) == 1
          : a.ordering() == 'c' && (cols == 1 || a.stride(1) == 1)
              && (rows == 1 || a.stride(0) == cols);
      if (!dense) {
        throw new IllegalArgumentException("fused kernels need contiguous row-major arrays");
      }
      return new Mat(a.data().asNio(), Math.toIntExact(a.offset() * Float.BYTES), rows, cols);
    }

    /** Byte position of element (r, c). */
    int pos(int r, int c) {
      return at + (r * cols + c) * Float.BYTES;
    }
  }

  /**
   * x = a + bias, then f, f', f'' from {@link Activation.Lanes} and the tangent product: full
   * vectors along each row, then one masked vector for the columns left over.
   *
   * <p>Shaped for C2, which stops inlining ordinary callees (not the Vector API's own) once a
   * method has built about 18,000 IR nodes; each Vector API operation builds hundreds, and a
   * formula left out of the compiled body boxes its vectors, several times slower. So the formula
   * calls come before the stores, and f'' is computed in a method of its own from s and 1 - s
   * kept in two row-sized arrays (in L1): taking only ints, it costs a plain call when C2 leaves
   * it out, and it is compiled with a budget of its own.
   *
   * <p>No vector variable is ever null on one path and a vector on another: C2 cannot keep such
   * a merge in registers and allocates every vector that reaches it on the heap (with f' as a
   * maybe-null variable, 22 MB per step of the seed's LSD). So a pass without derivatives
   * returns early, and the tail's mask is made once, here, not chosen per call.
   */
  private record Forward(Activation f, Mat a, Mat bias, Mat h, Mat d1, Mat d2, Mat aDot,
                         Mat hDot, boolean derivatives, VectorMask<Float> tail, float[] s,
                         float[] om) implements Runnable {
    Forward(Activation f, Mat a, Mat bias, Mat h, Mat d1, Mat d2, Mat aDot, Mat hDot) {
      this(f, a, bias, h, d1, d2, aDot, hDot, d1 != null || d2 != null || hDot != null,
          tailMask(a.cols), new float[a.cols], new float[a.cols]);
    }

    @Override
    public void run() {
      int w = a.cols;
      int vec = F.loopBound(w);
      for (int r = 0; r < a.rows; r++) {
        for (int c = 0; c < vec; c += F.length()) {
          full(r * w + c, c);
        }
        if (tail != null) {
          masked(r * w + vec, vec, tail);
        }
      }
    }

    /** The lanes from element i (row-major), column c. */
    private void full(int i, int c) {
      int at = i * Float.BYTES;
      FloatVector x = FloatVector.fromByteBuffer(F, a.buf, a.at + at, ORDER)
          .add(FloatVector.fromByteBuffer(F, bias.buf, bias.at + c * Float.BYTES, ORDER));
      FloatVector z = Activation.Lanes.z(f, x);
      FloatVector e = LaneMath.expNegAbs(z);
      FloatVector sig = LaneMath.sigmoid(z, e);
      FloatVector y = Activation.Lanes.f(f, x, sig);
      if (!derivatives) {
        y.intoByteBuffer(h.buf, h.at + at, ORDER);
        return;
      }
      FloatVector comp = LaneMath.complement(z, e, sig);
      FloatVector g1 = Activation.Lanes.d1(f, x, sig, comp);
      if (d2 != null) {
        sig.intoArray(s, c);
        comp.intoArray(om, c);
      }
      y.intoByteBuffer(h.buf, h.at + at, ORDER);
      if (d1 != null) {
        g1.intoByteBuffer(d1.buf, d1.at + at, ORDER);
      }
      if (hDot != null) {
        g1.mul(FloatVector.fromByteBuffer(F, aDot.buf, aDot.at + at, ORDER))
            .intoByteBuffer(hDot.buf, hDot.at + at, ORDER);
      }
      if (d2 != null) {
        second(i, c);
      }
    }

    /** d2 = f''(x) over the lanes from element i, column c, from the kept s and 1 - s. */
    private void second(int i, int c) {
      FloatVector x = FloatVector.fromByteBuffer(F, a.buf, a.at + i * Float.BYTES, ORDER)
          .add(FloatVector.fromByteBuffer(F, bias.buf, bias.at + c * Float.BYTES, ORDER));
      Activation.Lanes.d2(f, x, FloatVector.fromArray(F, s, c), FloatVector.fromArray(F, om, c))
          .intoByteBuffer(d2.buf, d2.at + i * Float.BYTES, ORDER);
    }

    /** The same as {@link #full} on the lanes of {@code in} only: the tail of a row. */
    private void masked(int i, int c, VectorMask<Float> in) {
      int at = i * Float.BYTES;
      FloatVector x = FloatVector.fromByteBuffer(F, a.buf, a.at + at, ORDER, in)
          .add(FloatVector.fromByteBuffer(F, bias.buf, bias.at + c * Float.BYTES, ORDER, in));
      FloatVector z = Activation.Lanes.z(f, x);
      FloatVector e = LaneMath.expNegAbs(z);
      FloatVector sig = LaneMath.sigmoid(z, e);
      FloatVector y = Activation.Lanes.f(f, x, sig);
      if (!derivatives) {
        y.intoByteBuffer(h.buf, h.at + at, ORDER, in);
        return;
      }
      FloatVector comp = LaneMath.complement(z, e, sig);
      FloatVector g1 = Activation.Lanes.d1(f, x, sig, comp);
      if (d2 != null) {
        sig.intoArray(s, c, in);
        comp.intoArray(om, c, in);
      }
      y.intoByteBuffer(h.buf, h.at + at, ORDER, in);
      if (d1 != null) {
        g1.intoByteBuffer(d1.buf, d1.at + at, ORDER, in);
      }
      if (hDot != null) {
        g1.mul(FloatVector.fromByteBuffer(F, aDot.buf, aDot.at + at, ORDER, in))
            .intoByteBuffer(hDot.buf, hDot.at + at, ORDER, in);
      }
      if (d2 != null) {
        second(i, c, in);
      }
    }

    /** The same as {@link #second(int, int)} on the lanes of {@code in} only. */
    private void second(int i, int c, VectorMask<Float> in) {
      FloatVector x = FloatVector.fromByteBuffer(F, a.buf, a.at + i * Float.BYTES, ORDER, in)
          .add(FloatVector.fromByteBuffer(F, bias.buf, bias.at + c * Float.BYTES, ORDER, in));
      Activation.Lanes.d2(f, x, FloatVector.fromArray(F, s, c, in),
          FloatVector.fromArray(F, om, c, in))
          .intoByteBuffer(d2.buf, d2.at + i * Float.BYTES, ORDER, in);
    }
  }

  /**
   * The chain rule through the activation: gA = gH d1 + gHDot d2 aDot (the second term with
   * tangent rows only), gADot = gHDot d1, and the column sums of gA for the bias gradient.
   */
  private record Backward(Mat gH, Mat d1, Mat gA, Mat gHDot, Mat d2, Mat aDot, Mat gADot,
                          Mat biasGrad, VectorMask<Float> tail, float[] sums) implements Runnable {
    Backward(Mat gH, Mat d1, Mat gA, Mat gHDot, Mat d2, Mat aDot, Mat gADot, Mat biasGrad) {
      this(gH, d1, gA, gHDot, d2, aDot, gADot, biasGrad, tailMask(gA.cols), new float[gA.cols]);
    }

    @Override
    public void run() {
      int w = gA.cols;
      int vec = F.loopBound(w);
      java.util.Arrays.fill(sums, 0f);
      for (int r = 0; r < gA.rows; r++) {
        for (int c = 0; c < vec; c += F.length()) {
          full(r * w + c, c);
        }
        if (tail != null) {
          masked(r * w + vec, vec, tail);
        }
      }
      for (int c = 0; c < w; c++) {
        int p = biasGrad.pos(0, c);
        biasGrad.buf.putFloat(p, biasGrad.buf.getFloat(p) + sums[c]);
      }
    }

    /** The lanes from element i (row-major), column c. */
    private void full(int i, int c) {
      int at = i * Float.BYTES;
      FloatVector s1 = FloatVector.fromByteBuffer(F, d1.buf, d1.at + at, ORDER);
      FloatVector g = FloatVector.fromByteBuffer(F, gH.buf, gH.at + at, ORDER).mul(s1);
      if (gHDot != null) {
        FloatVector gd = FloatVector.fromByteBuffer(F, gHDot.buf, gHDot.at + at, ORDER);
        g = tangentTerm(g, gd, FloatVector.fromByteBuffer(F, d2.buf, d2.at + at, ORDER),
            FloatVector.fromByteBuffer(F, aDot.buf, aDot.at + at, ORDER));
        gd.mul(s1).intoByteBuffer(gADot.buf, gADot.at + at, ORDER);
      }
      g.intoByteBuffer(gA.buf, gA.at + at, ORDER);
      FloatVector.fromArray(F, sums, c).add(g).intoArray(sums, c);
    }

    /** The same as {@link #full} on the lanes of {@code in} only. */
    private void masked(int i, int c, VectorMask<Float> in) {
      int at = i * Float.BYTES;
      FloatVector s1 = FloatVector.fromByteBuffer(F, d1.buf, d1.at + at, ORDER, in);
      FloatVector g = FloatVector.fromByteBuffer(F, gH.buf, gH.at + at, ORDER, in).mul(s1);
      if (gHDot != null) {
        FloatVector gd = FloatVector.fromByteBuffer(F, gHDot.buf, gHDot.at + at, ORDER, in);
        g = tangentTerm(g, gd, FloatVector.fromByteBuffer(F, d2.buf, d2.at + at, ORDER, in),
            FloatVector.fromByteBuffer(F, aDot.buf, aDot.at + at, ORDER, in));
        gd.mul(s1).intoByteBuffer(gADot.buf, gADot.at + at, ORDER, in);
      }
      g.intoByteBuffer(gA.buf, gA.at + at, ORDER, in);
      FloatVector.fromArray(F, sums, c, in).add(g).intoArray(sums, c, in);
    }

    /** g + gHDot d2 aDot: what the tangent rows add to the primal rows' gradient. */
    private static FloatVector tangentTerm(FloatVector g, FloatVector gd, FloatVector s2,
                                           FloatVector aDot) {
      return gd.mul(s2).mul(aDot).add(g);
    }
  }
}

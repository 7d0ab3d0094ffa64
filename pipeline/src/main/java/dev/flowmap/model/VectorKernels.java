package dev.flowmap.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
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
 * <p>Loaded only through {@link Fused}, when the {@code jdk.incubator.vector} module is present.
 * Float32 only; the lanes run over the columns of each row and a scalar tail takes the columns
 * left over, so any width works.
 */
final class VectorKernels {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final ByteOrder ORDER = ByteOrder.nativeOrder();
  private static final float K = (float) Math.sqrt(2.0 / Math.PI);
  private static final float C = 0.044715f;
  private static final double K_EXACT = Math.sqrt(2.0 / Math.PI);
  private static final double C_EXACT = 0.044715;

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
  static Kernel activation(Activation f, INDArray a, INDArray bias, INDArray h, INDArray d1,
                           INDArray d2, INDArray aDot, INDArray hDot) {
    Forward fw = new Forward(f == Activation.GELU, Mat.of(a), Mat.of(bias), Mat.of(h),
        Mat.of(d1), Mat.of(d2), Mat.of(aDot), Mat.of(hDot));
    return () -> OpClock.timeFused(fw);
  }

  /**
   * The chain rule through a hidden layer's activation: gA = gH d1 for the primal rows, and with
   * tangent rows gA += gHDot d2 aDot, gADot = gHDot d1; then biasGrad += the column sums of gA.
   * gHDot, d2, aDot and gADot are null for a primal-only pass.
   */
  static Kernel backward(INDArray gH, INDArray d1, INDArray gA, INDArray gHDot, INDArray d2,
                         INDArray aDot, INDArray gADot, INDArray biasGrad) {
    Backward bw = new Backward(Mat.of(gH), Mat.of(d1), Mat.of(gA), Mat.of(gHDot), Mat.of(d2),
        Mat.of(aDot), Mat.of(gADot), Mat.of(biasGrad));
    return () -> OpClock.timeFused(bw);
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

  private record Forward(boolean gelu, Mat a, Mat bias, Mat h, Mat d1, Mat d2, Mat aDot,
                         Mat hDot) implements Runnable {
    @Override
    public void run() {
      int rows = a.rows;
      int w = a.cols;
      int vec = F.loopBound(w);
      boolean needD1 = d1 != null || d2 != null || hDot != null;
      for (int r = 0; r < rows; r++) {
        int c = 0;
        for (; c < vec; c += F.length()) {
          int p = a.pos(r, c);
          FloatVector x = FloatVector.fromByteBuffer(F, a.buf, p, ORDER)
              .add(FloatVector.fromByteBuffer(F, bias.buf, bias.pos(0, c), ORDER));
          FloatVector y;
          FloatVector g1 = null;
          FloatVector g2 = null;
          if (gelu) {
            FloatVector x2 = x.mul(x);
            FloatVector t = x.mul(x2.mul(C).add(1f)).mul(K).lanewise(VectorOperators.TANH);
            FloatVector half = t.add(1f).mul(0.5f);
            y = x.mul(half);
            if (needD1) {
              FloatVector up = x2.mul(3f * C).add(1f).mul(K);
              FloatVector sech2 = t.mul(t).neg().add(1f);
              g1 = x.mul(0.5f).mul(sech2).mul(up).add(half);
              if (d2 != null) {
                FloatVector inner = x.mul(6f * K * C).sub(t.mul(up).mul(up).mul(2f));
                g2 = sech2.mul(x.mul(0.5f).mul(inner).add(up));
              }
            }
          } else {
            FloatVector sig = FloatVector.broadcast(F, 1f)
                .div(x.neg().lanewise(VectorOperators.EXP).add(1f));
            y = x.mul(sig);
            if (needD1) {
              FloatVector om = sig.neg().add(1f);
              g1 = x.mul(om).add(1f).mul(sig);
              if (d2 != null) {
                g2 = sig.mul(om).mul(x.mul(om.sub(sig)).add(2f));
              }
            }
          }
          y.intoByteBuffer(h.buf, h.pos(r, c), ORDER);
          if (d1 != null) {
            g1.intoByteBuffer(d1.buf, d1.pos(r, c), ORDER);
          }
          if (g2 != null) {
            g2.intoByteBuffer(d2.buf, d2.pos(r, c), ORDER);
          }
          if (hDot != null) {
            g1.mul(FloatVector.fromByteBuffer(F, aDot.buf, aDot.pos(r, c), ORDER))
                .intoByteBuffer(hDot.buf, hDot.pos(r, c), ORDER);
          }
        }
        for (; c < w; c++) {
          scalar(r, c);
        }
      }
    }

    /** The same for one element, in double, for the columns the lanes leave over. */
    private void scalar(int r, int c) {
      int p = a.pos(r, c);
      double x = a.buf.getFloat(p) + bias.buf.getFloat(bias.pos(0, c));
      double y;
      double g1;
      double g2;
      if (gelu) {
        double k = K_EXACT;
        double cc = C_EXACT;
        double t = Math.tanh(k * x * (1 + cc * x * x));
        double up = k * (1 + 3 * cc * x * x);
        double sech2 = 1 - t * t;
        y = 0.5 * x * (1 + t);
        g1 = 0.5 * (1 + t) + 0.5 * x * sech2 * up;
        g2 = sech2 * (up + 0.5 * x * (6 * k * cc * x - 2 * t * up * up));
      } else {
        double sig = 1 / (1 + Math.exp(-x));
        y = x * sig;
        g1 = sig * (1 + x * (1 - sig));
        g2 = sig * (1 - sig) * (2 + x * (1 - 2 * sig));
      }
      h.buf.putFloat(h.pos(r, c), (float) y);
      if (d1 != null) {
        d1.buf.putFloat(d1.pos(r, c), (float) g1);
      }
      if (d2 != null) {
        d2.buf.putFloat(d2.pos(r, c), (float) g2);
      }
      if (hDot != null) {
        hDot.buf.putFloat(hDot.pos(r, c), (float) (g1 * aDot.buf.getFloat(aDot.pos(r, c))));
      }
    }
  }

  private record Backward(Mat gH, Mat d1, Mat gA, Mat gHDot, Mat d2, Mat aDot, Mat gADot,
                          Mat biasGrad, float[] sums) implements Runnable {
    Backward(Mat gH, Mat d1, Mat gA, Mat gHDot, Mat d2, Mat aDot, Mat gADot, Mat biasGrad) {
      this(gH, d1, gA, gHDot, d2, aDot, gADot, biasGrad, new float[gA.cols]);
    }

    @Override
    public void run() {
      int rows = gA.rows;
      int w = gA.cols;
      int vec = F.loopBound(w);
      boolean stacked = gHDot != null;
      java.util.Arrays.fill(sums, 0f);
      for (int r = 0; r < rows; r++) {
        int c = 0;
        for (; c < vec; c += F.length()) {
          FloatVector s1 = FloatVector.fromByteBuffer(F, d1.buf, d1.pos(r, c), ORDER);
          FloatVector g = FloatVector.fromByteBuffer(F, gH.buf, gH.pos(r, c), ORDER).mul(s1);
          if (stacked) {
            FloatVector gd = FloatVector.fromByteBuffer(F, gHDot.buf, gHDot.pos(r, c), ORDER);
            g = gd.mul(FloatVector.fromByteBuffer(F, d2.buf, d2.pos(r, c), ORDER))
                .mul(FloatVector.fromByteBuffer(F, aDot.buf, aDot.pos(r, c), ORDER)).add(g);
            gd.mul(s1).intoByteBuffer(gADot.buf, gADot.pos(r, c), ORDER);
          }
          g.intoByteBuffer(gA.buf, gA.pos(r, c), ORDER);
          FloatVector.fromArray(F, sums, c).add(g).intoArray(sums, c);
        }
        for (; c < w; c++) {
          double s1 = d1.buf.getFloat(d1.pos(r, c));
          double g = gH.buf.getFloat(gH.pos(r, c)) * s1;
          if (stacked) {
            double gd = gHDot.buf.getFloat(gHDot.pos(r, c));
            g += gd * d2.buf.getFloat(d2.pos(r, c)) * aDot.buf.getFloat(aDot.pos(r, c));
            gADot.buf.putFloat(gADot.pos(r, c), (float) (gd * s1));
          }
          gA.buf.putFloat(gA.pos(r, c), (float) g);
          sums[c] += (float) g;
        }
      }
      for (int c = 0; c < w; c++) {
        int p = biasGrad.pos(0, c);
        biasGrad.buf.putFloat(p, biasGrad.buf.getFloat(p) + sums[c]);
      }
    }
  }
}

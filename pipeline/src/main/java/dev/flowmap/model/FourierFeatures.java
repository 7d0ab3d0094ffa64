package dev.flowmap.model;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fixed random Fourier features of the point x (2D), fed to the network beside x, s and t:
 * sin(2 pi B x) and cos(2 pi B x) for a K x 2 frequency matrix B with N(0, scale^2) entries,
 * drawn once from a seed and never trained. They give the first layer sharp, periodic directions
 * to build the square edges from (Tancik et al. 2020, "Fourier features let networks learn high
 * frequency functions in low dimensional domains").
 */
public final class FourierFeatures {
  /** No features: the network sees [x, s, t] only. */
  public static final FourierFeatures NONE = new FourierFeatures(new double[0]);

  private final double[] b;
  private final int count;

  /** Features with the frequencies {@code b} (K x 2, row-major: b[2k], b[2k + 1]). */
  public FourierFeatures(double[] b) {
    if (b.length % 2 != 0) {
      throw new IllegalArgumentException("frequencies come in (x, y) pairs, got " + b.length + " values");
    }
    this.b = b.clone();
    this.count = b.length / 2;
  }

  /** K frequencies with N(0, scale^2) entries from {@code seed} ({@link Random}'s specified Gaussian). */
  public static FourierFeatures draw(int count, double scale, long seed) {
    if (count == 0) {
      return NONE;
    }
    Random rng = new Random(seed);
    double[] b = new double[2 * count];
    for (int i = 0; i < b.length; i++) {
      b[i] = scale * rng.nextGaussian();
    }
    return new FourierFeatures(b);
  }

  /** K, the number of frequencies; the network gets 2K extra inputs. */
  public int count() {
    return count;
  }

  /** The frequencies, K x 2 row-major (a copy). */
  public double[] frequencies() {
    return b.clone();
  }

  /**
   * Fills the feature columns of the first {@code n} rows of an input matrix laid out as the
   * network reads it (c order, contiguous, rows of {@code stride} columns): row i holds x (2), s,
   * t, then the 2K features, sin(2 pi B x) first. A row's features are computed in one pass in
   * double and written with one bulk copy; sin and cos come from {@link TurnMath}, whose bits no
   * JIT tier changes.
   */
  void fill(INDArray z, int stride, int n) {
    double[] sin = new double[count];
    double[] cos = new double[count];
    if (z.dataType() == DataType.FLOAT) {
      FloatBuffer buf = z.data().asNioFloat();
      float[] row = new float[2 * count];
      for (int i = 0, r = 0; i < n; i++, r += stride) {
        row(buf.get(r), buf.get(r + 1), sin, cos);
        for (int k = 0; k < count; k++) {
          row[k] = (float) sin[k];
          row[count + k] = (float) cos[k];
        }
        buf.put(r + FlowMapMlp.INPUTS, row, 0, row.length);
      }
      return;
    }
    DoubleBuffer buf = z.data().asNioDouble();
    double[] row = new double[2 * count];
    for (int i = 0, r = 0; i < n; i++, r += stride) {
      row(buf.get(r), buf.get(r + 1), sin, cos);
      System.arraycopy(sin, 0, row, 0, count);
      System.arraycopy(cos, 0, row, count, count);
      buf.put(r + FlowMapMlp.INPUTS, row, 0, row.length);
    }
  }

  /**
   * Fills the feature columns of the tangent rows n..2n-1 (x_dot at columns 0 and 1) from the
   * primal rows' features, which {@link #fill} wrote: d sin(a) = cos(a) 2 pi B x_dot and
   * d cos(a) = -sin(a) 2 pi B x_dot. The features themselves are not recomputed.
   */
  void fillTangent(INDArray z, int stride, int n) {
    if (z.dataType() == DataType.FLOAT) {
      FloatBuffer buf = z.data().asNioFloat();
      float[] row = new float[2 * count];
      float[] dot = new float[2 * count];
      for (int i = 0, r = 0, tr = n * stride; i < n; i++, r += stride, tr += stride) {
        buf.get(r + FlowMapMlp.INPUTS, row, 0, row.length);
        double d0 = buf.get(tr);
        double d1 = buf.get(tr + 1);
        for (int k = 0; k < count; k++) {
          double da = TurnMath.TWO_PI * (b[2 * k] * d0 + b[2 * k + 1] * d1);
          dot[k] = (float) (row[count + k] * da);
          dot[count + k] = (float) (-row[k] * da);
        }
        buf.put(tr + FlowMapMlp.INPUTS, dot, 0, dot.length);
      }
      return;
    }
    DoubleBuffer buf = z.data().asNioDouble();
    double[] row = new double[2 * count];
    double[] dot = new double[2 * count];
    for (int i = 0, r = 0, tr = n * stride; i < n; i++, r += stride, tr += stride) {
      buf.get(r + FlowMapMlp.INPUTS, row, 0, row.length);
      double d0 = buf.get(tr);
      double d1 = buf.get(tr + 1);
      for (int k = 0; k < count; k++) {
        double da = TurnMath.TWO_PI * (b[2 * k] * d0 + b[2 * k + 1] * d1);
        dot[k] = row[count + k] * da;
        dot[count + k] = -row[k] * da;
      }
      buf.put(tr + FlowMapMlp.INPUTS, dot, 0, dot.length);
    }
  }

  /** sin and cos of 2 pi (B x) for the point (x0, x1), B x in turns. */
  private void row(double x0, double x1, double[] sin, double[] cos) {
    for (int k = 0; k < count; k++) {
      TurnMath.sinCos(b[2 * k] * x0 + b[2 * k + 1] * x1, sin, cos, k);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FourierFeatures f && Arrays.equals(b, f.b);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(b);
  }
}

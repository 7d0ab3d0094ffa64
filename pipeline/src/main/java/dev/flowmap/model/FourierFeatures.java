package dev.flowmap.model;

import java.util.Arrays;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataBuffer;

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

  private static final double TWO_PI = 2 * Math.PI;
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
   * Fills the feature columns of an input matrix laid out as the network reads it: row i at
   * {@code base + i * stride} holds x (2), s, t, then the 2K features, sin(2 pi B x) first. With
   * {@code tangentRows}, rows n..2n-1 hold the tangents (x_dot at columns 0 and 1): their features
   * become d sin(a) = cos(a) 2 pi B x_dot and d cos(a) = -sin(a) 2 pi B x_dot.
   */
  // StrictMath, not Math: Math.sin and cos may be JIT intrinsics whose last bit is not specified,
  // and the same seed must give the same bits at every JIT tier.
  void fill(DataBuffer z, long base, int stride, int n, boolean tangentRows) {
    for (int i = 0; i < n; i++) {
      long r = base + (long) i * stride;
      double x0 = z.getDouble(r);
      double x1 = z.getDouble(r + 1);
      long tr = r + (long) n * stride;
      double d0 = tangentRows ? z.getDouble(tr) : 0;
      double d1 = tangentRows ? z.getDouble(tr + 1) : 0;
      for (int k = 0; k < count; k++) {
        double a = TWO_PI * (b[2 * k] * x0 + b[2 * k + 1] * x1);
        double sin = StrictMath.sin(a);
        double cos = StrictMath.cos(a);
        z.put(r + FlowMapMlp.INPUTS + k, sin);
        z.put(r + FlowMapMlp.INPUTS + count + k, cos);
        if (tangentRows) {
          double da = TWO_PI * (b[2 * k] * d0 + b[2 * k + 1] * d1);
          z.put(tr + FlowMapMlp.INPUTS + k, cos * da);
          z.put(tr + FlowMapMlp.INPUTS + count + k, -sin * da);
        }
      }
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

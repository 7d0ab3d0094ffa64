package dev.flowmap.model;

import java.util.Arrays;
import java.util.Random;

/**
 * Fixed random Fourier features of the point x (2D), fed to the network beside x, s and t:
 * sin(2 pi B x) and cos(2 pi B x) for a K x 2 frequency matrix B with N(0, scale^2) entries,
 * drawn once from a seed and never trained. They give the first layer sharp, periodic directions
 * to build the square edges from (Tancik et al. 2020, "Fourier features let networks learn high
 * frequency functions in low dimensional domains").
 *
 * <p>The same object carries how the network reads the times ({@link TimeInput}): raw, with t
 * replaced by the gap t - s, or with 4 K_t more inputs, sin and cos of s and t at the octaves
 * 2^j pi. The columns after x, s, t: the 2K features of x, then sin(w s) (K_t), cos(w s), sin(w t),
 * cos(w t). These are fixed by the config and not saved; only B is.
 */
public final class FourierFeatures {
  /** No features: the network sees [x, s, t] only. */
  public static final FourierFeatures NONE = new FourierFeatures(new double[0]);

  private final double[] b;
  private final int count;
  private final TimeInput time;
  private final int timeCount;

  /** Features with the frequencies {@code b} (K x 2, row-major: b[2k], b[2k + 1]). */
  public FourierFeatures(double[] b) {
    this(b, TimeInput.NONE, 0);
  }

  private FourierFeatures(double[] b, TimeInput time, int timeCount) {
    if (b.length % 2 != 0) {
      throw new IllegalArgumentException("frequencies come in (x, y) pairs, got " + b.length + " values");
    }
    if (timeCount < 0 || timeCount > 30) {
      throw new IllegalArgumentException("time frequencies must be in [0, 30], got " + timeCount);
    }
    this.b = b.clone();
    this.count = b.length / 2;
    this.time = time;
    this.timeCount = time == TimeInput.FOURIER ? timeCount : 0;
  }

  /** These x features, the times read as {@code t} says, with {@code k} octaves for {@code fourier}. */
  public FourierFeatures withTime(TimeInput t, int k) {
    return new FourierFeatures(b, t, k);
  }

  /** Other x frequencies (a checkpoint's), the same time input. */
  public FourierFeatures withFrequencies(double[] other) {
    return new FourierFeatures(other, time, timeCount);
  }

  /** How the times are read. */
  public TimeInput time() {
    return time;
  }

  /** Inputs beyond x, s, t: 2K for x, 4 K_t for the times. */
  public int extraInputs() {
    return 2 * count + 4 * timeCount;
  }

  /** Whether {@link #fill} has anything to do. */
  boolean active() {
    return count > 0 || time != TimeInput.NONE;
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
   * Fills the feature columns of the first {@code n} rows of the input matrix (see
   * {@link InputRows}): row i holds x (2), s, t, then the 2K features, sin(2 pi B x) first, then
   * the time columns. A row's features are computed in double and written with one bulk copy; sin
   * and cos come from {@link TurnMath}, whose bits no JIT tier changes.
   */
  void fill(InputRows rows, int n) {
    if (count > 0) {
      fillX(rows, n);
    }
    if (time != TimeInput.NONE) {
      fillTime(rows, n);
    }
  }

  private void fillX(InputRows rows, int n) {
    double[] row = rows.out;
    for (int i = 0, r = 0; i < n; i++, r += rows.stride()) {
      double x0 = rows.get(r);
      double x1 = rows.get(r + 1);
      for (int k = 0; k < count; k++) {
        TurnMath.sinCos(b[2 * k] * x0 + b[2 * k + 1] * x1, row, k, count + k);
      }
      rows.write(r + FlowMapMlp.INPUTS, 2 * count);
    }
  }

  /**
   * Fills the tangent rows' feature columns for a tangent along {@code mode} (after they were
   * cleared and the unit tangent of x, s or t was set), from the primal rows' features, which
   * {@link #fill} wrote and which are not recomputed. Along x (x_dot at columns 0 and 1):
   * d sin(a) = cos(a) 2 pi B x_dot and d cos(a) = -sin(a) 2 pi B x_dot. Along s or t the time
   * features' tangents (d sin(w u) = w cos(w u), d cos(w u) = -w sin(w u)) and, with
   * {@link TimeInput#GAP}, d(t - s)/ds = -1.
   */
  void fillTangent(InputRows rows, int n, Tangent mode) {
    switch (mode) {
      case X -> {
        if (count > 0) {
          fillTangentX(rows, n);
        }
      }
      case S, T -> fillTangentTime(rows, n, mode == Tangent.S);
      default -> { }
    }
  }

  private void fillTangentX(InputRows rows, int n) {
    double[] row = rows.in;
    double[] dot = rows.out;
    int stride = rows.stride();
    for (int i = 0, r = 0, tr = n * stride; i < n; i++, r += stride, tr += stride) {
      rows.read(r + FlowMapMlp.INPUTS, 2 * count);
      double d0 = rows.get(tr);
      double d1 = rows.get(tr + 1);
      for (int k = 0; k < count; k++) {
        double da = TurnMath.TWO_PI * (b[2 * k] * d0 + b[2 * k + 1] * d1);
        dot[k] = row[count + k] * da;
        dot[count + k] = -row[k] * da;
      }
      rows.write(tr + FlowMapMlp.INPUTS, 2 * count);
    }
  }

  /**
   * The time columns of the first n rows: t replaced by t - s ({@link TimeInput#GAP}), or the
   * sin and cos of s and t at the octaves ({@link TimeInput#FOURIER}), written in one copy.
   */
  private void fillTime(InputRows rows, int n) {
    int at = FlowMapMlp.INPUTS + 2 * count;
    double[] row = rows.out;
    for (int i = 0, r = 0; i < n; i++, r += rows.stride()) {
      double s = rows.get(r + 2);
      double t = rows.get(r + 3);
      if (time == TimeInput.GAP) {
        rows.put(r + 3, t - s);
        continue;
      }
      for (int side = 0; side < 2; side++) {
        double u = side == 0 ? s : t;
        int c = side * 2 * timeCount;
        for (int j = 0; j < timeCount; j++) {
          TurnMath.sinCos(Math.scalb(u, j - 1), row, c + j, c + timeCount + j); // w_j u = 2 pi (2^(j-1) u)
        }
      }
      rows.write(r + at, 4 * timeCount);
    }
  }

  /** The time columns of the tangent rows along s ({@code alongS}) or t. */
  private void fillTangentTime(InputRows rows, int n, boolean alongS) {
    int stride = rows.stride();
    int c = FlowMapMlp.INPUTS + 2 * count + (alongS ? 0 : 2 * timeCount);
    double[] row = rows.in;
    double[] dot = rows.out;
    for (int i = 0, r = 0, tr = n * stride; i < n; i++, r += stride, tr += stride) {
      if (time == TimeInput.GAP) {
        if (alongS) {
          rows.put(tr + 3, -1.0);
        }
        continue;
      }
      rows.read(r + c, 2 * timeCount);
      for (int j = 0; j < timeCount; j++) {
        double w = Math.scalb(Math.PI, j);
        dot[j] = w * row[timeCount + j];
        dot[timeCount + j] = -w * row[j];
      }
      rows.write(tr + c, 2 * timeCount);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FourierFeatures f && Arrays.equals(b, f.b) && time == f.time
        && timeCount == f.timeCount;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(b) + time.hashCode()) + timeCount;
  }
}

package dev.flowmap.model;

/**
 * sin(2 pi u) and cos(2 pi u) for u in turns, from IEEE add, subtract, multiply and
 * {@link Math#rint} only, so that every JIT tier gives the same bits (Java's double arithmetic
 * is exact IEEE and never fused). {@code StrictMath.sin} gives the same guarantee, but on JDK 17
 * it is a native call per value, which made the Fourier features cost a third of a step.
 *
 * <p>Range reduction is exact in turns: r = u - rint(u) in [-1/2, 1/2] and f = r - q/4 with
 * q = rint(4 r), |f| <= 1/8, both subtractions exact; then theta = 2 pi f in [-pi/4, pi/4]
 * (one rounding) and fdlibm's kernel polynomials (__kernel_sin, __kernel_cos, degree 13 and
 * 14) give sin(theta) and cos(theta); the quadrant q rotates them. Since the reduction happens
 * before the multiplication by 2 pi, the error does not grow with |u| as it does for
 * sin(2 pi u) computed in radians. {@code TurnMathTest} holds the measured bounds against
 * {@code StrictMath}.
 */
final class TurnMath {
  static final double TWO_PI = 2 * Math.PI;
  private static final double S1 = -1.66666666666666324348e-01;
  private static final double S2 = 8.33333333332248946124e-03;
  private static final double S3 = -1.98412698298579493134e-04;
  private static final double S4 = 2.75573137070700676789e-06;
  private static final double S5 = -2.50507602534068634195e-08;
  private static final double S6 = 1.58969099521155010221e-10;
  private static final double C1 = 4.16666666666666019037e-02;
  private static final double C2 = -1.38888888888741095749e-03;
  private static final double C3 = 2.48015872894767294178e-05;
  private static final double C4 = -2.75573143513906633035e-07;
  private static final double C5 = 2.08757232129817482790e-09;
  private static final double C6 = -1.13596475577881948265e-11;

  private TurnMath() {}

  /** sin(theta) for |theta| <= pi/4 (fdlibm's __kernel_sin without the tail correction). */
  static double kernelSin(double x) {
    double z = x * x;
    double v = z * x;
    double r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
    return x + v * (S1 + z * r);
  }

  /** cos(theta) for |theta| <= pi/4 (fdlibm's __kernel_cos, its qx split for |theta| > 0.3). */
  static double kernelCos(double x) {
    double z = x * x;
    double r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
    double ax = Math.abs(x);
    if (ax < 0.3) {
      return 1.0 - (0.5 * z - z * r);
    }
    // qx is about x^2 / 8's share that 1 - qx takes exactly: x / 4 with the low word cleared
    double qx = ax > 0.78125 ? 0.28125
        : Double.longBitsToDouble(((Double.doubleToRawLongBits(ax) >>> 32) - 0x00200000L) << 32);
    double hz = 0.5 * z - qx;
    double a = 1.0 - qx;
    return a - (hz - z * r);
  }

  /** sin(2 pi u) and cos(2 pi u) into {@code out[sinAt]} and {@code out[cosAt]}. */
  static void sinCos(double u, double[] out, int sinAt, int cosAt) {
    double r = u - Math.rint(u); // exact: in [-1/2, 1/2]
    double q = Math.rint(4 * r);
    double theta = TWO_PI * (r - 0.25 * q); // the difference is exact, |f| <= 1/8
    double s = kernelSin(theta);
    double c = kernelCos(theta);
    switch (((int) q) & 3) {
      case 0 -> {
        out[sinAt] = s;
        out[cosAt] = c;
      }
      case 1 -> {
        out[sinAt] = c;
        out[cosAt] = -s;
      }
      case 2 -> {
        out[sinAt] = -s;
        out[cosAt] = -c;
      }
      default -> {
        out[sinAt] = -c;
        out[cosAt] = s;
      }
    }
  }

  /** sin(2 pi u) of one value (tests). */
  static double sin(double u) {
    double[] sc = new double[2];
    sinCos(u, sc, 0, 1);
    return sc[0];
  }

  /** cos(2 pi u) of one value (tests). */
  static double cos(double u) {
    double[] sc = new double[2];
    sinCos(u, sc, 0, 1);
    return sc[1];
  }
}

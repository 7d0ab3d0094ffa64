package dev.flowmap.model;

import jdk.incubator.vector.FloatVector;

/**
 * Measures the lanes' errors against the double reference over every {@code stride}-th float bit
 * pattern of both signs (a tool, not a test; docs/speed.md gives the command and the figures):
 * exp on [-87.34, 0] and the sigmoid where their results are normal floats, in ULPs; f in ULPs
 * where it is a normal float, above -80 and above -4; f' and f'' as absolute errors in units of
 * 2^-23 (both cross zero, so ULPs say nothing there).
 */
public final class UlpScan {
  private UlpScan() {}

  /** |got - ref| in ULPs of the float nearest ref (ref a normal float). */
  private static double ulps(float got, double ref) {
    return got == ref ? 0 : Math.abs(got - ref) / Math.ulp((float) ref);
  }

  /** The worst error seen and where. */
  private static final class Worst {
    double err;
    float at;

    void see(double e, float x) {
      if (e > err) {
        err = e;
        at = x;
      }
    }

    @Override
    public String toString() {
      return String.format("%.3f (at x = %s)", err, at);
    }
  }

  public static void main(String[] args) {
    int stride = Integer.parseInt(args[0]);
    int lanes = LaneMath.F.length();
    float[] xs = new float[lanes];
    Worst exp = new Worst();
    Worst sigmoid = new Worst();
    int n = Activation.values().length;
    Worst[][] w = new Worst[n][4]; // f above -80, f above -4, f', f''
    for (Worst[] row : w) {
      for (int k = 0; k < row.length; k++) {
        row[k] = new Worst();
      }
    }
    long points = 0;
    for (long bits = 0; bits < 0x7f800000L; bits += (long) stride * lanes) {
      for (int sign = 0; sign < 2; sign++) {
        for (int i = 0; i < lanes; i++) {
          int b = (int) Math.min(bits + (long) i * stride, 0x7f7fffffL);
          xs[i] = Float.intBitsToFloat(b | (sign << 31));
        }
        FloatVector x = FloatVector.fromArray(LaneMath.F, xs, 0);
        float[] e = LaneMath.exp(x).toArray();
        float[] s = LaneMath.sigmoid(x).toArray();
        for (int i = 0; i < lanes; i++) {
          double xi = xs[i];
          if (xi <= 0 && xi >= -87.33654) {
            exp.see(ulps(e[i], Math.exp(xi)), xs[i]);
          }
          double sRef = 1 / (1 + Math.exp(-xi));
          if (sRef >= Float.MIN_NORMAL) {
            sigmoid.see(ulps(s[i], sRef), xs[i]);
          }
        }
        for (Activation act : Activation.values()) {
          FloatVector z = Activation.Lanes.z(act, x);
          FloatVector ez = LaneMath.expNegAbs(z);
          FloatVector sz = LaneMath.sigmoid(z, ez);
          FloatVector om = LaneMath.complement(z, ez, sz);
          float[] f = Activation.Lanes.f(act, x, sz).toArray();
          float[] d1 = Activation.Lanes.d1(act, x, sz, om).toArray();
          float[] d2 = Activation.Lanes.d2(act, x, sz, om).toArray();
          Worst[] row = w[act.ordinal()];
          for (int i = 0; i < lanes; i++) {
            double xi = xs[i];
            if (Math.abs(xi) > 1e6) {
              continue;
            }
            double ref = act.f(xi);
            double u = Math.abs(ref) < Float.MIN_NORMAL ? 0 : ulps(f[i], ref);
            if (xi >= -80) {
              row[0].see(u, xs[i]);
            }
            if (xi >= -4) {
              row[1].see(u, xs[i]);
            }
            row[2].see(Math.abs(d1[i] - act.d1(xi)) / 0x1p-23, xs[i]);
            row[3].see(Math.abs(d2[i] - act.d2(xi)) / 0x1p-23, xs[i]);
          }
        }
        points += lanes;
      }
    }
    System.out.printf("%d points, %d lanes%n", points, lanes);
    System.out.printf("exp on [-87.34, 0]: %s ULP%n", exp);
    System.out.printf("sigmoid (normal results): %s ULP%n", sigmoid);
    for (Activation act : Activation.values()) {
      Worst[] row = w[act.ordinal()];
      System.out.printf("%s f above -80: %s ULP; above -4: %s ULP; f': %s x 2^-23; f'': %s x 2^-23%n",
          act, row[0], row[1], row[2], row[3]);
    }
  }
}

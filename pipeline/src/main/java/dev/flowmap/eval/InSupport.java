package dev.flowmap.eval;

import dev.flowmap.data.Checkerboard;

/** The share of points that fall inside the board's kept squares (1.0 for a perfect model). */
public final class InSupport {
  private InSupport() {}

  /** Fraction of the first {@code count} points inside a kept square; NaN when count is 0. */
  public static double fraction(Checkerboard board, float[] xy, int count) {
    if (count < 0 || 2L * count > xy.length) {
      throw new IndexOutOfBoundsException(count + " points do not fit in " + xy.length / 2);
    }
    long inside = 0;
    for (int p = 0; p < count; p++) {
      if (board.contains(xy[2 * p], xy[2 * p + 1])) {
        inside++;
      }
    }
    return count == 0 ? Double.NaN : (double) inside / count;
  }
}

package dev.flowmap.loss;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Huber factors of the rows of a residual r (n x 2) for the threshold c: f_i = 1 where
 * |r_i| <= c and c / |r_i| beyond, so that 2 f_i r_i is the gradient of the Huber loss
 * h(r_i) = |r_i|^2 for |r_i| <= c and 2c |r_i| - c^2 beyond: a row's gradient is that of the plain
 * square up to c, exactly (the factor is 1), and at most 2c in norm past it. Written into an n x 1
 * column bound once; each factor is computed in double from the row's two entries with IEEE
 * add, multiply, divide and sqrt only, so every JIT tier gives the same bits.
 */
final class HuberRows implements Runnable {
  private final int n;
  private final double c;
  private final double square;
  private final INDArray factors;
  private final FloatBuffer rf;
  private final FloatBuffer ff;
  private final DoubleBuffer rd;
  private final DoubleBuffer fd;

  /** For the residual {@code r} (contiguous, n x 2, float or double) and the scale {@code c} > 0. */
  HuberRows(INDArray r, double c) {
    if (!(c > 0) || Double.isInfinite(c)) {
      throw new IllegalArgumentException("huber threshold must be finite and > 0, was " + c);
    }
    if (r.rank() != 2 || r.columns() != 2 || r.ordering() != 'c' || r.offset() != 0) {
      throw new IllegalArgumentException("residual must be a contiguous n x 2 array, was "
          + java.util.Arrays.toString(r.shape()));
    }
    n = (int) r.rows();
    this.c = c;
    square = c * c;
    factors = Nd4j.create(r.dataType(), n, 1);
    boolean single = r.dataType() == DataType.FLOAT;
    rf = single ? r.data().asNioFloat() : null;
    ff = single ? factors.data().asNioFloat() : null;
    rd = single ? null : r.data().asNioDouble();
    fd = single ? null : factors.data().asNioDouble();
  }

  /** The n x 1 column of factors, filled by {@link #run}. */
  INDArray factors() {
    return factors;
  }

  @Override
  public void run() {
    for (int i = 0; i < n; i++) {
      double a = rf != null ? rf.get(2 * i) : rd.get(2 * i);
      double b = rf != null ? rf.get(2 * i + 1) : rd.get(2 * i + 1);
      double q = a * a + b * b;
      double f = q <= square ? 1.0 : c / Math.sqrt(q);
      if (ff != null) {
        ff.put(i, (float) f);
      } else {
        fd.put(i, f);
      }
    }
  }
}

package dev.flowmap.model;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The network's input matrix (c order, contiguous from its start, rows of {@link #stride}
 * columns) as doubles for {@link FourierFeatures}: its NIO view is taken once and its row scratch
 * sized once, so a fill allocates nothing. The one place where float32 and float64 inputs differ:
 * a value is read as the double it widens to and written rounded to the array's type. Not for
 * sharing between threads; each pass, so each worker, owns one.
 */
final class InputRows {
  private final INDArray z; // keeps the memory behind the views reachable
  private final FloatBuffer floats;
  private final DoubleBuffer doubles;
  private final float[] transfer;
  private final int stride;
  /** Scratch rows of {@link #stride} values for the fills: what is read, and what is written. */
  final double[] in;
  final double[] out;

  InputRows(INDArray z, int stride) {
    if (z.dataType() != DataType.FLOAT && z.dataType() != DataType.DOUBLE) {
      throw new IllegalArgumentException("inputs must be float32 or float64, got " + z.dataType());
    }
    if (z.offset() != 0 || z.ordering() != 'c' || z.columns() != stride) {
      throw new IllegalArgumentException("inputs must be a whole c-order matrix of " + stride
          + " columns");
    }
    this.z = z;
    this.stride = stride;
    boolean f = z.dataType() == DataType.FLOAT;
    this.floats = f ? z.data().asNioFloat() : null;
    this.doubles = f ? null : z.data().asNioDouble();
    this.transfer = f ? new float[stride] : null;
    this.in = new double[stride];
    this.out = new double[stride];
  }

  /** Columns per row. */
  int stride() {
    return stride;
  }

  /** The value at flat index {@code i}. */
  double get(int i) {
    return floats != null ? floats.get(i) : doubles.get(i);
  }

  /** Writes {@code v} at flat index {@code i}. */
  void put(int i, double v) {
    if (floats != null) {
      floats.put(i, (float) v);
    } else {
      doubles.put(i, v);
    }
  }

  /** Reads {@code len} values from flat index {@code at} into {@link #in}. */
  void read(int at, int len) {
    if (floats != null) {
      floats.get(at, transfer, 0, len);
      for (int k = 0; k < len; k++) {
        in[k] = transfer[k];
      }
    } else {
      doubles.get(at, in, 0, len);
    }
  }

  /** Writes the first {@code len} values of {@link #out} from flat index {@code at}. */
  void write(int at, int len) {
    if (floats != null) {
      for (int k = 0; k < len; k++) {
        transfer[k] = (float) out[k];
      }
      floats.put(at, transfer, 0, len);
    } else {
      doubles.put(at, out, 0, len);
    }
  }
}

package dev.flowmap.model;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A child JVM's main for {@link TierDeterminismTest}: runs the fused forward (f, f', f'', the
 * tangent product) and backward kernels of both activations on fixed inputs, at a width with a
 * masked tail, and prints the SHA-256 of every output byte. With argument {@code N} it repeats
 * the kernels N times and prints the digest of the first run and of the last, so that a JVM that
 * compiles them with C2 along the way shows whether compiled code gives the same bytes.
 */
public final class KernelDigest {
  private KernelDigest() {}

  public static void main(String[] args) throws NoSuchAlgorithmException {
    int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    Case[] cases = {new Case(Activation.SILU), new Case(Activation.GELU)};
    System.out.println("first " + digest(cases));
    for (int i = 1; i < repeats; i++) {
      for (Case c : cases) {
        c.run();
      }
    }
    System.out.println("last " + digest(cases));
    System.out.flush();
  }

  private static String digest(Case[] cases) throws NoSuchAlgorithmException {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (Case c : cases) {
      c.run();
      for (INDArray out : c.outputs()) {
        for (float v : out.reshape(out.length()).toFloatVector()) {
          int bits = Float.floatToRawIntBits(v);
          sha.update(new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8),
              (byte) bits});
        }
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /**
   * Inputs, outputs and the two kernels for one activation. The kernels see the arrays' memory,
   * not the arrays, so the inputs are fields too: ND4J frees an array's memory once it is
   * garbage.
   */
  private static final class Case {
    static final int ROWS = 6;
    final INDArray[] inputs;
    final INDArray h;
    final INDArray d1;
    final INDArray d2;
    final INDArray hDot;
    final INDArray gA;
    final INDArray gADot;
    final INDArray biasGrad;
    final Runnable forward;
    final Runnable backward;

    Case(Activation f) {
      int w = 2 * VectorKernels.lanes() + 5;
      SplittableRandom rnd = new SplittableRandom(42 + f.ordinal());
      INDArray a = values(rnd, ROWS, w);
      INDArray bias = values(rnd, 1, w);
      INDArray aDot = values(rnd, ROWS, w);
      INDArray gH = values(rnd, ROWS, w);
      INDArray gHDot = values(rnd, ROWS, w);
      h = Nd4j.create(DataType.FLOAT, ROWS, w);
      d1 = Nd4j.create(DataType.FLOAT, ROWS, w);
      d2 = Nd4j.create(DataType.FLOAT, ROWS, w);
      hDot = Nd4j.create(DataType.FLOAT, ROWS, w);
      gA = Nd4j.create(DataType.FLOAT, ROWS, w);
      gADot = Nd4j.create(DataType.FLOAT, ROWS, w);
      biasGrad = Nd4j.create(DataType.FLOAT, 1, w);
      inputs = new INDArray[] {a, bias, aDot, gH, gHDot};
      forward = VectorKernels.activation(f, a, bias, h, d1, d2, aDot, hDot);
      backward = VectorKernels.backward(gH, d1, gA, gHDot, d2, aDot, gADot, biasGrad);
    }

    void run() {
      biasGrad.assign(0);
      forward.run();
      backward.run();
    }

    INDArray[] outputs() {
      return new INDArray[] {h, d1, d2, hDot, gA, gADot, biasGrad};
    }

    /** Mostly N(0, 3^2), with some values in both tails of the exponential and near zero. */
    private static INDArray values(SplittableRandom rnd, int rows, int cols) {
      float[] v = new float[rows * cols];
      for (int i = 0; i < v.length; i++) {
        double u = rnd.nextDouble();
        double g = Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * u);
        v[i] = (float) switch (i % 11) {
          case 3 -> g * 40; // past where e^-|x| leaves the normal floats
          case 7 -> g * 1e-4;
          default -> g * 3;
        };
      }
      return Nd4j.createFromArray(v).reshape(rows, cols);
    }
  }
}

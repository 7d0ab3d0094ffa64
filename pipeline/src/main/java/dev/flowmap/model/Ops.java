package dev.flowmap.model;

import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarAdd;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarReverseDivision;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarReverseSubtraction;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarSet;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * How the model's ops run in one compute context, decided once when the context is created:
 * whether float32 passes take the fused {@link VectorKernels} or ND4J ops, and the {@link
 * OpClock} that times every op for the profile. Networks carry it ({@link FlowMapMlp#ops()}),
 * and every {@link Kernel} is built through it, so that no setting is read per call and no two
 * contexts share a clock.
 *
 * <p>Each op is bound once to fixed arrays (views included) and re-run without allocating. In
 * ND4J 1.0.0-M2.1, {@code a.mul(b, out)}, {@code x.muli(2)}, {@code addiRowVector}, {@code
 * muliColumnVector} and even {@code Nd4j.gemm} into a preallocated result create a native buffer
 * or an op context per call; a legacy op object (scalar, transform) kept and re-executed, or a
 * custom op run with an {@link OpContext} built once, creates none. Pairwise ops broadcast
 * numpy-style ({@code n x 2} times {@code n x 1}, {@code n x w} plus {@code 1 x w}). Build
 * kernels in constructors, run them on the hot path.
 */
public final class Ops {
  /** The system property that switches the fused kernels off ({@code false}), read by {@link #fromSystemProperties}. */
  public static final String FUSED_PROPERTY = "flowmap.fused";

  /**
   * The system property that sets the row block ({@link #rowBlock}), read by {@link
   * #fromSystemProperties}; 0 runs each worker's rows in one block.
   */
  public static final String ROW_BLOCK_PROPERTY = "flowmap.rowBlock";
  /** The row block when the property is not set. */
  public static final int DEFAULT_ROW_BLOCK = 256;

  /**
   * The system property that chooses how float32 GEMMs run, read by {@link
   * #fromSystemProperties}: {@code true} calls OpenBLAS's {@code cblas_sgemm} directly ({@link
   * OpenBlas#gemm}), {@code false} runs ND4J's matrix-multiply op.
   */
  public static final String DIRECT_GEMM_PROPERTY = "flowmap.directGemm";
  /** Direct GEMM when the property is not set. */
  public static final boolean DEFAULT_DIRECT_GEMM = true;

  /**
   * The system property that chooses how a training step of W > 1 workers runs its optimizer
   * stage, read by {@link #fromSystemProperties}: {@code true} splits the clip's scaling, the
   * update and the EMA over the W workers ({@code optim/SplitUpdate}, the same bits), {@code false}
   * runs them on the caller's thread alone.
   */
  public static final String SPLIT_OPTIMIZER_PROPERTY = "flowmap.splitOptimizer";
  /** The split optimizer stage when the property is not set. */
  public static final boolean DEFAULT_SPLIT_OPTIMIZER = true;

  /**
   * GEMMs with a side (M, N or K) of at most this many are thin, timed apart in the profile
   * ({@link OpClock#thinGemmNanos}): the input layer's K of 4 (4 + 2K with Fourier features), the
   * output layer's 2, layer 0's tangent and their gradients.
   */
  public static final int THIN_GEMM = 64;

  private final boolean fusedWanted;
  private final int rowBlock;
  private final boolean directGemm;
  private final boolean splitOptimizer;
  private final OpClock clock = new OpClock();

  private Ops(boolean fusedWanted, int rowBlock, boolean directGemm, boolean splitOptimizer) {
    if (rowBlock < 0) {
      throw new IllegalArgumentException("the row block must be >= 0, was " + rowBlock);
    }
    this.fusedWanted = fusedWanted;
    this.rowBlock = rowBlock;
    this.directGemm = directGemm;
    this.splitOptimizer = splitOptimizer;
  }

  /** Fused kernels wherever the JVM has them when {@code fused}, else ND4J ops; a clock of its own. */
  public static Ops of(boolean fused) {
    return of(fused, DEFAULT_ROW_BLOCK);
  }

  /** As above, a training step running each worker's rows in blocks of {@code rowBlock} (0: one block). */
  public static Ops of(boolean fused, int rowBlock) {
    return of(fused, rowBlock, DEFAULT_DIRECT_GEMM);
  }

  /** As above, float32 GEMMs calling OpenBLAS directly when {@code directGemm}. */
  public static Ops of(boolean fused, int rowBlock, boolean directGemm) {
    return of(fused, rowBlock, directGemm, DEFAULT_SPLIT_OPTIMIZER);
  }

  /** As above, the optimizer stage split over a step's workers when {@code splitOptimizer}. */
  public static Ops of(boolean fused, int rowBlock, boolean directGemm, boolean splitOptimizer) {
    return new Ops(fused, rowBlock, directGemm, splitOptimizer);
  }

  /** The defaults: fused kernels wherever the JVM has them (tests and tools). */
  public static Ops standard() {
    return of(true);
  }

  /**
   * As the JVM's {@code -Dflowmap.fused} (anything but {@code false}: fused), {@code
   * -Dflowmap.rowBlock}, {@code -Dflowmap.directGemm} and {@code -Dflowmap.splitOptimizer} say,
   * read now, once.
   */
  public static Ops fromSystemProperties() {
    return of(!"false".equals(System.getProperty(FUSED_PROPERTY)),
        Integer.getInteger(ROW_BLOCK_PROPERTY, DEFAULT_ROW_BLOCK),
        Boolean.parseBoolean(System.getProperty(DIRECT_GEMM_PROPERTY,
            Boolean.toString(DEFAULT_DIRECT_GEMM))),
        Boolean.parseBoolean(System.getProperty(SPLIT_OPTIMIZER_PROPERTY,
            Boolean.toString(DEFAULT_SPLIT_OPTIMIZER))));
  }

  /**
   * Rows per block of a training step's terms (0: each worker's slice in one block): a fixed
   * number, so that the summation order, and so the bits, never depend on timing.
   */
  public int rowBlock() {
    return rowBlock;
  }

  /** Whether float32 GEMMs call OpenBLAS directly instead of through ND4J's op. */
  public boolean directGemm() {
    return directGemm;
  }

  /** Whether a step of W > 1 workers splits its optimizer stage over them (the same bits either way). */
  public boolean splitOptimizer() {
    return splitOptimizer;
  }

  /** The clock that times the ops built here. */
  public OpClock clock() {
    return clock;
  }

  /** Whether the fused kernels run in this context (the JVM has them and they are not switched off). */
  public boolean fusedAvailable() {
    return Fused.moduleLoaded() && fusedWanted;
  }

  /** Whether passes over weights of this type use the fused kernels. */
  public boolean fused(DataType dtype) {
    return dtype == DataType.FLOAT && fusedAvailable();
  }

  /** The element-wise path of passes over weights of this type: {@code fused} or {@code nd4j}. */
  public String path(DataType dtype) {
    return fused(dtype) ? "fused" : "nd4j";
  }

  /** One line for logs and {@code bench}: which element-wise path float32 passes take. */
  public String describe() {
    if (!Fused.moduleLoaded()) {
      return "ND4J ops (the JVM lacks --add-modules jdk.incubator.vector)";
    }
    if (!fusedWanted) {
      return "ND4J ops (-Dflowmap.fused=false)";
    }
    return "fused Vector API kernels, " + VectorKernels.lanes() + " float lanes";
  }

  /** c = alpha op(a) op(b) + beta c, with op the optional transpose. */
  public Kernel gemm(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB,
                     double alpha, double beta) {
    // ND4J computes a single row (M = 1) and a rank-1 update (K = 1) its own way, not by
    // cblas_sgemm: those stay with ND4J, so that the direct route gives ND4J's bits
    long k = transA ? a.rows() : a.columns();
    boolean thin = Math.min(k, Math.min(c.rows(), c.columns())) <= THIN_GEMM;
    if (directGemm && OpenBlas.canBind(a, b, c) && c.rows() > 1 && k > 1) {
      return clock.timedGemm(OpenBlas.gemm(a, b, c, transA, transB, alpha, beta), thin);
    }
    return clock.timedGemm(custom(new Mmul(a, b, c, alpha, beta,
        MMulTranspose.builder().transposeA(transA).transposeB(transB).build())), thin);
  }

  /** z = x * y (broadcasting). */
  public Kernel mul(INDArray x, INDArray y, INDArray z) {
    return clock.timed(custom(new MulOp(x, y, z)), false);
  }

  /** z = x + y (broadcasting). */
  public Kernel add(INDArray x, INDArray y, INDArray z) {
    return clock.timed(custom(new AddOp(x, y, z)), false);
  }

  /** z = x - y (broadcasting). */
  public Kernel sub(INDArray x, INDArray y, INDArray z) {
    return clock.timed(custom(new SubOp(x, y, z)), false);
  }

  /** z = x * c. */
  public Kernel scale(INDArray x, double c, INDArray z) {
    return clock.timed(legacy(new ScalarMultiplication(x, null, z, c)), false);
  }

  /** z = x + c. */
  public Kernel shift(INDArray x, double c, INDArray z) {
    return clock.timed(legacy(new ScalarAdd(x, null, z, c)), false);
  }

  /** z = c - x. */
  public Kernel rsub(double c, INDArray x, INDArray z) {
    return clock.timed(legacy(new ScalarReverseSubtraction(x, null, z, c)), false);
  }

  /** Every element of z = c (NaN included). */
  public Kernel fill(INDArray z, double c) {
    return clock.timed(legacy(new ScalarSet(z, null, z, c)), false);
  }

  /** z = 1 / (1 + exp(-x)) (see {@link #sigmoidOps}). */
  public Kernel sigmoid(INDArray x, INDArray z) {
    return clock.timed(sigmoidOps(x, z), false);
  }

  /** z = tanh(x) (see {@link #tanhOps}). */
  public Kernel tanh(INDArray x, INDArray z) {
    return clock.timed(tanhOps(x, z), false);
  }

  /** The fused forward pass of a hidden layer (see {@link VectorKernels#activation}). */
  Kernel fusedActivation(Activation f, INDArray a, INDArray bias, INDArray h, INDArray d1,
                         INDArray d2, INDArray aDot, INDArray hDot) {
    return clock.timedFused(VectorKernels.activation(f, a, bias, h, d1, d2, aDot, hDot));
  }

  /** The fused backward pass of a hidden layer (see {@link VectorKernels#backward}). */
  Kernel fusedBackward(INDArray gH, INDArray d1, INDArray gA, INDArray gHDot, INDArray d2,
                       INDArray aDot, INDArray gADot, INDArray biasGrad) {
    return clock.timedFused(VectorKernels.backward(gH, d1, gA, gHDot, d2, aDot, gADot, biasGrad));
  }

  /**
   * z = 1 / (1 + exp(-x)), composed from exp and three cheap passes: on one thread ND4J's exp
   * took 1.0 ms over 2048 x 256 floats and its sigmoid 1.5 ms, the passes 0.06 to 0.1 ms each.
   * Saturates correctly: exp overflows to +inf for x below about -88 and 1 / inf is 0.
   */
  private static Runnable sigmoidOps(INDArray x, INDArray z) {
    return Kernel.seq(List.of(legacy(new ScalarMultiplication(x, null, z, -1.0)), legacy(new Exp(z, z)),
        legacy(new ScalarAdd(z, null, z, 1.0)), legacy(new ScalarReverseDivision(z, null, z, 1.0))));
  }

  /**
   * z = tanh(x) = 1 - 2 / (1 + exp(2x)), composed from exp for the same reason as {@link
   * #sigmoidOps}: ND4J's own tanh took 2.9 ms over 2048 x 256 floats on one thread, this about 1.4.
   */
  private static Runnable tanhOps(INDArray x, INDArray z) {
    return Kernel.seq(List.of(legacy(new ScalarMultiplication(x, null, z, 2.0)), legacy(new Exp(z, z)),
        legacy(new ScalarAdd(z, null, z, 1.0)), legacy(new ScalarReverseDivision(z, null, z, 2.0)),
        legacy(new ScalarReverseSubtraction(z, null, z, 1.0))));
  }

  private static Kernel legacy(Op op) {
    return () -> Nd4j.exec(op);
  }

  /**
   * A custom op bound to an {@link OpContext} once, run by ND4J's native entry point with that
   * context: the executioner's own {@code exec(op, context)} makes the same call, after checks
   * that build lists of the arrays and wrappers of native objects, about 600 bytes of heap on
   * every call.
   */
  private static Runnable custom(DynamicCustomOp op) {
    OpContext ctx = Nd4j.getExecutioner().buildContext();
    ctx.setInputArrays(op.inputArguments());
    ctx.setOutputArrays(op.outputArguments());
    ctx.setIArguments(op.iArgs());
    ctx.setTArguments(op.tArgs());
    return new BoundCustomOp(NativeOpsHolder.getInstance().getDeviceNativeOps(), op.opName(),
        op.opHash(), ctx, ctx.contextPointer());
  }

  /**
   * A custom op's native run; it holds its {@link OpContext}, whose native side (and the arrays
   * bound to it) the garbage collector would otherwise free.
   */
  private record BoundCustomOp(NativeOps lib, String name, long hash, OpContext ctx,
                               Pointer context) implements Runnable {
    @Override
    public void run() {
      if (lib.execCustomOp2(null, hash, context) != 0) {
        throw new IllegalStateException("ND4J op " + name + " failed: " + lib.lastErrorMessage());
      }
    }
  }
}

package dev.flowmap.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@link Ops}: the kernels it binds compute what the allocating ND4J calls compute, on views too,
 * and allocate nothing; the element-wise path it decides once; the line it logs.
 */
class OpsTest {
  private static final DataType D = DataType.DOUBLE;
  private final Ops ops = Ops.standard();

  private static INDArray rand(long seed, long... shape) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.rand(D, shape).subi(0.5);
  }

  private static INDArray bottomRows(INDArray a, long n) {
    return a.get(NDArrayIndex.interval(n, 2 * n), NDArrayIndex.all());
  }

  @Test
  void gemmIntoAViewAccumulatesWithBeta() {
    INDArray a = rand(1, 5, 3);
    INDArray b = rand(2, 3, 4);
    INDArray c = rand(3, 10, 4);
    INDArray view = bottomRows(c, 5);
    INDArray expected = a.mmul(b).muli(2).addi(view);
    Kernel k = ops.gemm(a, b, view, false, false, 2.0, 1.0);
    k.run();
    assertThat(view.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-12);
    INDArray g = Nd4j.create(D, 3, 4);
    ops.gemm(a, a.mmul(b), g, true, false, 1.0, 0.0).run();
    assertThat(g.sub(a.transpose().mmul(a.mmul(b))).amaxNumber().doubleValue()).isLessThan(1e-12);
  }

  @Test
  void pairwiseOpsBroadcastColumnsAndRows() {
    INDArray x = rand(4, 6, 2);
    INDArray col = rand(5, 6, 1);
    INDArray row = rand(6, 1, 2);
    INDArray z = Nd4j.create(D, 6, 2);
    ops.mul(x, col, z).run();
    assertThat(z.sub(x.mulColumnVector(col)).amaxNumber().doubleValue()).isZero();
    ops.add(x, row, z).run();
    assertThat(z.sub(x.addRowVector(row)).amaxNumber().doubleValue()).isZero();
    ops.sub(x, col, z).run();
    assertThat(z.sub(x.subColumnVector(col)).amaxNumber().doubleValue()).isZero();
    ops.rsub(1.0, x, z).run();
    assertThat(z.sub(x.rsub(1.0)).amaxNumber().doubleValue()).isZero();
  }

  @Test
  void sigmoidAndTanhFromExpMatchNd4jsOwnAndSaturate() {
    INDArray x = Nd4j.createFromArray(-200.0, -90.0, -20.0, -1.0, -1e-9, 0.0, 1e-9, 0.5, 3.0, 90.0, 200.0);
    for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
      INDArray xs = x.castTo(type);
      INDArray z = Nd4j.create(type, x.length());
      double tol = type == DataType.DOUBLE ? 1e-15 : 1e-7;
      ops.sigmoid(xs, z).run();
      assertThat(z.sub(Transforms.sigmoid(xs, true)).amaxNumber().doubleValue()).isLessThan(tol);
      ops.tanh(xs, z).run();
      assertThat(z.sub(Transforms.tanh(xs, true)).amaxNumber().doubleValue()).isLessThan(tol);
    }
  }

  @Test
  void blasHelpersWorkOnOffsetViews() {
    INDArray a = rand(7, 8, 2);
    INDArray view = bottomRows(a, 4);
    INDArray copy = view.dup();
    assertThat(Kernel.sumSquares(view)).isCloseTo(copy.mul(copy).sumNumber().doubleValue(), within(1e-12));
    Kernel.scal(-3.0, view);
    assertThat(view.sub(copy.mul(-3.0)).amaxNumber().doubleValue()).isLessThan(1e-15);
    ops.fill(view, 0.0).run();
    assertThat(view.amaxNumber().doubleValue()).isZero();
    assertThat(a.get(NDArrayIndex.interval(0, 4), NDArrayIndex.all()).amaxNumber().doubleValue()).isPositive();
  }

  @Test
  void rerunningBoundKernelsAllocatesNothing() {
    INDArray x = rand(8, 64, 16);
    INDArray w = rand(9, 16, 16);
    INDArray col = rand(10, 64, 1);
    INDArray z = Nd4j.create(D, 64, 16);
    Kernel all = Kernel.seq(java.util.List.of(ops.gemm(x, w, z, false, false, 1, 0),
        ops.mul(z, col, z), ops.sigmoid(z, z), ops.tanh(z, z), ops.scale(z, 0.5, z),
        ops.shift(z, 1.0, z), ops.fill(col, 1.0)));
    all.run();
    long before = Nd4j.getDeallocatorService().nextValue();
    for (int i = 0; i < 50; i++) {
      all.run();
      Kernel.scal(0.9, z);
      Kernel.sumSquares(z);
    }
    assertThat(Nd4j.getDeallocatorService().nextValue() - before - 1).isZero();
  }
  /**
   * The pairwise (custom) ops and a GEMM that ND4J runs as its own op (a single row) go straight
   * to ND4J's native entry point with their bound context: no heap either, in any JIT tier, since
   * nothing on the way allocates (ND4J's {@code exec(op, context)} took about 600 bytes a call).
   */
  @Test
  void boundCustomOpsAllocateNothingOnTheHeap() {
    for (DataType dtype : new DataType[] {DataType.FLOAT, D}) {
      INDArray x = Nd4j.rand(dtype, 64, 16);
      INDArray col = Nd4j.rand(dtype, 64, 1);
      INDArray row = Nd4j.rand(dtype, 1, 16);
      INDArray w = Nd4j.rand(dtype, 16, 16);
      INDArray z = Nd4j.create(dtype, 64, 16);
      INDArray one = Nd4j.create(dtype, 1, 16);
      Kernel all = Kernel.seq(java.util.List.of(ops.mul(x, col, z), ops.add(z, row, z),
          ops.sub(z, x, z), ops.gemm(row, w, one, false, false, 1, 0)));
      all.run();
      int runs = 200;
      long bytes = dev.flowmap.testing.HeapBytes.leastPerRound(() -> {
        for (int i = 0; i < runs; i++) {
          all.run();
        }
      });
      assertThat(bytes).as("heap bytes in %d runs, %s", runs, dtype).isLessThan(runs);
    }
  }

  @Test
  void aCustomOpThatFailsSaysWhichOp() {
    Kernel bad = ops.add(rand(11, 3, 2), rand(12, 5, 4), Nd4j.create(D, 3, 2));
    assertThatThrownBy(bad::run).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ND4J op add failed");
  }

  @Test
  void fusedForFloatInAJvmWithTheModuleAndNeverForDouble() {
    assertThat(ops.fusedAvailable()).isTrue();
    assertThat(ops.fused(DataType.FLOAT)).isTrue();
    assertThat(ops.fused(DataType.DOUBLE)).isFalse();
    assertThat(ops.fused(DataType.HALF)).isFalse();
    assertThat(ops.path(DataType.FLOAT)).isEqualTo("fused");
    assertThat(ops.path(DataType.DOUBLE)).isEqualTo("nd4j");
    assertThat(ops.describe()).isEqualTo("fused Vector API kernels, " + VectorKernels.lanes()
        + " float lanes");
    Ops off = Ops.of(false);
    assertThat(off.fused(DataType.FLOAT)).isFalse();
    assertThat(off.path(DataType.FLOAT)).isEqualTo("nd4j");
    assertThat(off.describe()).isEqualTo("ND4J ops (-Dflowmap.fused=false)");
  }

  @Test
  void theSystemPropertyIsReadOnceWhenTheOpsAreCreated() {
    String before = System.getProperty(Ops.FUSED_PROPERTY);
    try {
      System.setProperty(Ops.FUSED_PROPERTY, "false");
      Ops off = Ops.fromSystemProperties();
      assertThat(off.fusedAvailable()).isFalse();
      assertThat(off.path(DataType.FLOAT)).isEqualTo("nd4j");
      System.setProperty(Ops.FUSED_PROPERTY, "true");
      assertThat(off.fusedAvailable()).as("decided at creation, not per call").isFalse();
      assertThat(Ops.fromSystemProperties().fusedAvailable()).isTrue();
      System.setProperty(Ops.FUSED_PROPERTY, "false");
      assertThat(ops.fusedAvailable()).as("ops created before keep their choice").isTrue();
    } finally {
      if (before == null) {
        System.clearProperty(Ops.FUSED_PROPERTY);
      } else {
        System.setProperty(Ops.FUSED_PROPERTY, before);
      }
    }
  }

  @Test
  void theOptimizerSplitIsOnByDefaultAndSwitchedOffByItsProperty() {
    assertThat(Ops.standard().splitOptimizer()).isTrue();
    assertThat(Ops.of(true, Ops.DEFAULT_ROW_BLOCK, true, false).splitOptimizer()).isFalse();
    String before = System.getProperty(Ops.SPLIT_OPTIMIZER_PROPERTY);
    try {
      System.setProperty(Ops.SPLIT_OPTIMIZER_PROPERTY, "false");
      assertThat(Ops.fromSystemProperties().splitOptimizer()).isFalse();
      System.clearProperty(Ops.SPLIT_OPTIMIZER_PROPERTY);
      assertThat(Ops.fromSystemProperties().splitOptimizer()).isTrue();
    } finally {
      if (before != null) {
        System.setProperty(Ops.SPLIT_OPTIMIZER_PROPERTY, before);
      }
    }
  }

  @Test
  void eachOpsHasItsOwnClock() {
    Ops other = Ops.standard();
    INDArray x = rand(11, 16, 16);
    INDArray z = Nd4j.create(D, 16, 16);
    Kernel k = other.mul(x, x, z);
    ops.clock().enable(true);
    try {
      k.run();
    } finally {
      ops.clock().enable(false);
    }
    assertThat(ops.clock().elementwiseNanos()).isZero();
    assertThat(other.clock().elementwiseNanos()).isZero();
  }
}

package dev.flowmap.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The fused float32 kernels against the double-precision ND4J path (which {@link MlpPassTest}
 * checks by finite differences) and against the float32 ND4J path: outputs, tangents along t, s
 * and x, and the gradient through the primal and the tangent rows, for both activations, at a
 * width the lanes cover exactly and one that leaves a scalar tail.
 */
class VectorKernelsTest {
  private static final int N = 9;

  static List<Arguments> cases() {
    List<Arguments> c = new ArrayList<>();
    int lanes = VectorKernels.lanes();
    for (Activation a : Activation.values()) {
      for (int w : new int[] {2 * lanes, 2 * lanes + 3}) {
        for (Tangent mode : Tangent.values()) {
          c.add(Arguments.of(a, w, mode));
        }
      }
    }
    return c;
  }

  @Test
  void theVectorModuleIsOnInTheTests() {
    Ops ops = Ops.standard();
    assertThat(ops.fused(DataType.FLOAT)).as(ops.describe()).isTrue();
    assertThat(ops.fused(DataType.DOUBLE)).isFalse();
    assertThat(ops.describe()).startsWith("fused Vector API kernels");
  }

  @ParameterizedTest
  @MethodSource("cases")
  void fusedPassAgreesWithTheNd4jPaths(Activation act, int width, Tangent mode) {
    FlowMapMlp d = FlowMapMlp.create(width, 3, act, DataType.DOUBLE, 0.8, 1.3, 7);
    FlowMapMlp f = FlowMapMlp.create(width, 3, act, DataType.FLOAT, 0.8, 1.3, 7);
    Nd4j.getRandom().setSeed(11);
    INDArray x = Nd4j.rand(DataType.DOUBLE, N, 2).subi(0.5).muli(6);
    INDArray s = Nd4j.rand(DataType.DOUBLE, N, 1).muli(0.5);
    INDArray t = Nd4j.rand(DataType.DOUBLE, N, 1).muli(0.5).addi(0.5);
    INDArray dir = Nd4j.rand(DataType.DOUBLE, N, 2).subi(0.5);
    INDArray c1 = Nd4j.rand(DataType.DOUBLE, N, 2).subi(0.5);
    INDArray c2 = Nd4j.rand(DataType.DOUBLE, N, 2).subi(0.5);

    Result ref = run(new MlpPass(d, N, true, true), d, x, s, t, dir, c1, c2, mode);
    Result fused = run(new MlpPass(f, N, true, true, true), f, x, s, t, dir, c1, c2, mode);
    Result plain = run(new MlpPass(f, N, true, true, false), f, x, s, t, dir, c1, c2, mode);

    for (Result r : new Result[] {fused, plain}) {
      assertRel(r.v, ref.v, "v");
      assertRel(r.grad, ref.grad, "gradient");
      if (mode != Tangent.NONE) {
        assertRel(r.vdot, ref.vdot, "v_dot");
      }
    }
    // the bias gradients are a real part of the check: they are not all zero
    assertThat(ref.grad.norm2Number().doubleValue()).isGreaterThan(1e-3);
  }

  @Test
  void aSamplingPassRepeatsExactlyAndMatchesTheNd4jOps() {
    FlowMapMlp f = FlowMapMlp.create(4 * VectorKernels.lanes(), 4, Activation.SILU,
        DataType.FLOAT, 1.0, 1.0, 3);
    Nd4j.getRandom().setSeed(5);
    INDArray x = Nd4j.randn(DataType.FLOAT, 64, 2);
    MlpPass fused = new MlpPass(f, 64, false, false, true);
    MlpPass plain = new MlpPass(f, 64, false, false, false);
    fused.setInputs(x, 0.0, 1.0);
    fused.forward();
    INDArray first = fused.v().dup();
    fused.forward(); // the bias is added to the fresh GEMM output, not twice
    assertThat(fused.v()).isEqualTo(first);
    plain.setInputs(x, 0.0, 1.0);
    plain.forward();
    assertRel(first.castTo(DataType.DOUBLE), plain.v().castTo(DataType.DOUBLE), "v");
  }

  @Test
  void viewsAreReadAtTheirOffset() {
    INDArray a = Nd4j.arange(24).castTo(DataType.FLOAT).reshape(6, 4);
    INDArray bottom = a.get(NDArrayIndex.interval(3, 6), NDArrayIndex.all());
    VectorKernels.Mat m = VectorKernels.Mat.of(bottom);
    assertThat(m.rows()).isEqualTo(3);
    assertThat(m.cols()).isEqualTo(4);
    assertThat(m.buf().getFloat(m.pos(0, 0))).isEqualTo(12f);
    assertThat(m.buf().getFloat(m.pos(2, 3))).isEqualTo(23f);
    INDArray flat = Nd4j.arange(10).castTo(DataType.FLOAT);
    VectorKernels.Mat tail = VectorKernels.Mat.of(flat.get(NDArrayIndex.interval(6, 10)));
    assertThat(tail.cols()).isEqualTo(4);
    assertThat(tail.buf().getFloat(tail.pos(0, 1))).isEqualTo(7f);
  }

  @Test
  void stridedOrDoubleArraysAreRefused() {
    INDArray a = Nd4j.create(DataType.FLOAT, 4, 6);
    INDArray cols = a.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3));
    assertThatThrownBy(() -> VectorKernels.Mat.of(cols))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contiguous");
    assertThatThrownBy(() -> VectorKernels.Mat.of(Nd4j.create(DataType.DOUBLE, 2, 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DOUBLE");
    FlowMapMlp d = FlowMapMlp.create(8, 2, Activation.SILU, DataType.DOUBLE, 1, 1, 1);
    assertThatThrownBy(() -> new MlpPass(d, 4, false, false, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("float32");
  }

  private record Result(INDArray v, INDArray vdot, INDArray grad) {}

  private static Result run(MlpPass pass, FlowMapMlp net, INDArray x, INDArray s, INDArray t,
                            INDArray dir, INDArray c1, INDArray c2, Tangent mode) {
    DataType dt = net.dtype();
    pass.setInputs(x.castTo(dt), s.castTo(dt), t.castTo(dt));
    pass.setTangent(mode, dir.castTo(dt));
    pass.forward();
    INDArray v = pass.v().castTo(DataType.DOUBLE);
    INDArray vdot = mode == Tangent.NONE ? null : pass.vdot().castTo(DataType.DOUBLE);
    Gradient g = new Gradient(net);
    pass.gradV().assign(c1.castTo(dt));
    if (mode != Tangent.NONE) {
      pass.gradVdot().assign(c2.castTo(dt));
    }
    pass.backward(g);
    return new Result(v, vdot, g.flat().castTo(DataType.DOUBLE));
  }

  private static void assertRel(INDArray actual, INDArray expected, String what) {
    double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
    double err = actual.sub(expected).amaxNumber().doubleValue();
    assertThat(err / scale).as("%s: max error relative to max |value| %s", what, scale)
        .isLessThan(2e-5);
  }
}

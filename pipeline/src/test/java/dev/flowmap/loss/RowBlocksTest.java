package dev.flowmap.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flowmap.data.Batch;
import dev.flowmap.data.BatchSampler;
import dev.flowmap.data.Checkerboard;
import dev.flowmap.data.TimeSampler;
import dev.flowmap.model.Activation;
import dev.flowmap.model.FlowMapMlp;
import dev.flowmap.model.FourierFeatures;
import dev.flowmap.model.Gradient;
import dev.flowmap.model.Ops;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * An objective run in row blocks ({@link RowBlocks}) against the same objective in one block:
 * in double precision the losses and gradients agree to rounding, in float32 (fused kernels) a
 * given block size gives the same bits every time, and within float rounding of one block.
 */
class RowBlocksTest {
  private static final int DIAG = 11;
  private static final int OFF = 13;

  private static FlowMapMlp net(DataType dtype, int block) {
    return FlowMapMlp.create(16, 3, Activation.SILU, dtype, 0.8, 1.2, FourierFeatures.NONE,
        Ops.of(true, block), 5);
  }

  private static Batch batch() {
    BatchSampler s = new BatchSampler(new Checkerboard(4, 1.0), 1.0, DIAG, OFF, TimeSampler.SEED,
        true, 3);
    Batch b = s.newBatch();
    s.fill(b, 1);
    return b;
  }

  private record Result(LossTerms terms, float[] grad, double[] gradD) {}

  private static Result run(Method m, DataType dtype, int block) {
    FlowMapMlp net = net(dtype, block);
    Gradient g = new Gradient(net);
    LossTerms l = Objective.create(net, new LossSpec(m, PsdForm.VELOCITY, Composition.SEED, DIAG, OFF))
        .compute(batch(), g);
    return new Result(l, g.flat().toFloatVector(), g.flat().toDoubleVector());
  }

  @ParameterizedTest
  @EnumSource(Method.class)
  void blocksAgreeWithOneBlockInDoublePrecision(Method m) {
    Result whole = run(m, DataType.DOUBLE, 0);
    for (int block : new int[] {1, 4, 5, 13}) {
      Result blocked = run(m, DataType.DOUBLE, block);
      assertThat(blocked.terms().diag()).as("block " + block).isCloseTo(whole.terms().diag(), within(1e-12));
      assertThat(blocked.terms().main()).as("block " + block).isCloseTo(whole.terms().main(), within(1e-12));
      for (int i = 0; i < whole.gradD().length; i++) {
        assertThat(blocked.gradD()[i]).as("block " + block + " grad " + i)
            .isCloseTo(whole.gradD()[i], within(1e-12));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Method.class)
  void aFixedBlockGivesTheSameBitsInFloatAndAgreesWithOneBlock(Method m) {
    Result whole = run(m, DataType.FLOAT, 0);
    Result first = run(m, DataType.FLOAT, 4);
    Result again = run(m, DataType.FLOAT, 4);
    assertThat(again.terms()).isEqualTo(first.terms());
    assertThat(again.grad()).isEqualTo(first.grad());
    assertThat(first.terms().main()).isCloseTo(whole.terms().main(), within(1e-5 * Math.abs(whole.terms().main()) + 1e-7));
    assertThat(first.terms().diag()).isCloseTo(whole.terms().diag(), within(1e-5 * Math.abs(whole.terms().diag()) + 1e-7));
    for (int i = 0; i < whole.grad().length; i++) {
      assertThat((double) first.grad()[i]).as("grad " + i).isCloseTo(whole.grad()[i], within(1e-5));
    }
  }
}

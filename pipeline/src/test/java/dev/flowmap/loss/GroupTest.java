package dev.flowmap.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.flowmap.model.Ops;
import dev.flowmap.testing.HeapBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource.Mode;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The group's interpolant I_s = (1 - s) x0 + s x1 and gap t - s, against values worked by hand; a
 * float32 fill allocates nothing on the heap.
 */
class GroupTest {
  @ParameterizedTest
  @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"}, mode = Mode.INCLUDE)
  void fillCopiesTheBatchAndDerivesInterpolantAndGap(DataType dtype) {
    Group g = new Group(Ops.standard(), dtype, 2);
    g.fill(new float[] {1, 2, -3, 0.5f}, new float[] {5, -2, 1, 1}, new float[] {0.25f, 0.5f},
        new float[] {0.75f, 0.9f}, new float[] {0.125f, 0.625f});
    // row 0: 0.75 (1, 2) + 0.25 (5, -2) = (2, 1); row 1: 0.5 (-3, 0.5) + 0.5 (1, 1) = (-1, 0.75)
    assertThat(g.interpolant.getDouble(0, 0)).isCloseTo(2, within(1e-6));
    assertThat(g.interpolant.getDouble(0, 1)).isCloseTo(1, within(1e-6));
    assertThat(g.interpolant.getDouble(1, 0)).isCloseTo(-1, within(1e-6));
    assertThat(g.interpolant.getDouble(1, 1)).isCloseTo(0.75, within(1e-6));
    assertThat(g.dt.getDouble(0, 0)).isCloseTo(0.5, within(1e-6));
    assertThat(g.dt.getDouble(1, 0)).isCloseTo(0.4, within(1e-6));
    assertThat(g.x0.getDouble(1, 0)).isEqualTo(-3);
    assertThat(g.x1.getDouble(0, 1)).isEqualTo(-2);
    assertThat(g.s.getDouble(1, 0)).isEqualTo(0.5);
    assertThat(g.t.getDouble(0, 0)).isEqualTo(0.75);
    assertThat(g.h.getDouble(1, 0)).isEqualTo(0.625);
  }

  @ParameterizedTest
  @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"}, mode = Mode.INCLUDE)
  void refillWithoutSplitKeepsTheOldSplitAndRederives(DataType dtype) {
    Group g = new Group(Ops.standard(), dtype, 1);
    g.fill(new float[] {0, 0}, new float[] {4, 8}, new float[] {0.5f}, new float[] {1}, new float[] {0.3f});
    g.fill(new float[] {2, 2}, new float[] {4, 8}, new float[] {0.75f}, new float[] {0.8f}, null);
    assertThat(g.h.getDouble(0, 0)).isCloseTo(0.3, within(1e-6));
    assertThat(g.interpolant.getDouble(0, 0)).isCloseTo(3.5, within(1e-6));
    assertThat(g.interpolant.getDouble(0, 1)).isCloseTo(6.5, within(1e-6));
    assertThat(g.dt.getDouble(0, 0)).isCloseTo(0.05, within(1e-6));
  }

  /**
   * Every training step fills every group: in float32 the copies go through NIO views made once
   * and t - s and I_s through bound ops, so a fill allocates nothing on the heap, in any JIT tier.
   */
  @Test
  void aFloatFillAllocatesNothingOnTheHeap() {
    int n = 64;
    Group g = new Group(Ops.standard(), DataType.FLOAT, n);
    float[] x0 = new float[4 * n];
    float[] x1 = new float[4 * n];
    float[] s = new float[2 * n];
    float[] t = new float[2 * n];
    float[] h = new float[2 * n];
    g.fill(x0, x1, s, t, h, 0);
    g.fill(x0, x1, s, t, h, n);
    int fills = 200;
    long bytes = HeapBytes.leastPerRound(() -> {
      for (int i = 0; i < fills; i++) {
        g.fill(x0, x1, s, t, h, i % 2 == 0 ? 0 : n);
      }
    });
    assertThat(bytes).as("heap bytes in %d fills", fills).isLessThan(fills);
  }

  @ParameterizedTest
  @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"}, mode = Mode.INCLUDE)
  void tooFewValuesAreRejected(DataType dtype) {
    Group g = new Group(Ops.standard(), dtype, 2);
    assertThatThrownBy(() -> g.fill(new float[4], new float[4], new float[1], new float[2], null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 2 values from 0, got 1");
  }

  @ParameterizedTest
  @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"}, mode = Mode.INCLUDE)
  void aSliceBeyondTheArraysIsRejected(DataType dtype) {
    Group g = new Group(Ops.standard(), dtype, 2);
    // rows [1, 3) of a two-row batch: one row short
    assertThatThrownBy(() -> g.fill(new float[4], new float[4], new float[2], new float[2], null, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 4 values from 2, got 4");
  }
}

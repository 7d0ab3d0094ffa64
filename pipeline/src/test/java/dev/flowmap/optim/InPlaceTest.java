package dev.flowmap.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class InPlaceTest {

  @Test
  void axpyScaleAndNormOnAnOffsetViewTouchOnlyTheView() {
    INDArray whole = Nd4j.createFromArray(0.0, 1, 2, 3, 4, 5, 6, 7);
    INDArray view = whole.get(NDArrayIndex.interval(4, 8));
    InPlace.axpy(10, Nd4j.createFromArray(1.0, 1, 1, 1), view);
    InPlace.scale(2, view);
    assertThat(whole.toDoubleVector()).containsExactly(0, 1, 2, 3, 28, 30, 32, 34);
    assertThat(InPlace.norm2(view))
        .isCloseTo(Math.sqrt(28 * 28 + 30 * 30 + 32 * 32 + 34 * 34), within(1e-12));
  }

  @Test
  void worksInFloat() {
    INDArray y = Nd4j.createFromArray(1f, 2f);
    InPlace.axpy(0.5, Nd4j.createFromArray(4f, 6f), y);
    assertThat(y.toFloatVector()).containsExactly(3f, 5f);
  }

  @Test
  void namesWhatDoesNotMatch() {
    assertThatThrownBy(() -> InPlace.requireLike("grad", Nd4j.zeros(DataType.FLOAT, 3), 4,
        DataType.FLOAT)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("grad").hasMessageContaining("length 3");
    assertThatThrownBy(() -> InPlace.requireBlasType("x", DataType.HALF))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HALF");
  }
}

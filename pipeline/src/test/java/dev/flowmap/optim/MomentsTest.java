package dev.flowmap.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MomentsTest {

  @Test
  void accumulatesAndDividesElementwise() {
    Moments moments = new Moments(3, DataType.DOUBLE, 0.5, 0.75, 0.5);
    Moments.Range whole = moments.whole();
    whole.accumulate(Nd4j.createFromArray(2.0, -4.0, 0.0));
    // m = 0.5 g = (1, -2, 0); v = 0.25 g^2 = (1, 4, 0)
    assertThat(whole.m().toDoubleVector()).containsExactly(1, -2, 0);
    // m / (3 sqrt(v) + 0.5) = (1 / 3.5, -2 / 6.5, 0)
    assertThat(whole.momentOverRootV(3).toDoubleVector())
        .containsExactly(new double[] {1 / 3.5, -2 / 6.5, 0}, within(1e-15));
    // a second call gives the same (eps is added once per call, not accumulated)
    assertThat(whole.momentOverRootV(1).toDoubleVector())
        .containsExactly(new double[] {1 / 1.5, -2 / 2.5, 0}, within(1e-15));
    assertThat(moments.state().get(1).toDoubleVector()).containsExactly(1, 4, 0);
    assertThat(moments.biasCorrection1(2)).isEqualTo(0.75);
    assertThat(moments.biasCorrection2(2)).isEqualTo(1 - 0.5625);
  }

  @Test
  void dividesInFloatToo() {
    Moments.Range whole = new Moments(2, DataType.FLOAT, 0.5, 0.75, 0.5f).whole();
    whole.accumulate(Nd4j.createFromArray(2f, -4f));
    assertThat(whole.momentOverRootV(3).toFloatVector())
        .containsExactly(new float[] {1 / 3.5f, -2 / 6.5f}, within(1e-7f));
  }

  @Test
  void l2TermGoesToScratchNotToTheGradient() {
    Moments.Range moments = new Moments(2, DataType.DOUBLE, 0.9, 0.999, 0).whole();
    INDArray grad = Nd4j.createFromArray(1.0, 2.0);
    INDArray withL2 = moments.withL2(grad, Nd4j.createFromArray(10.0, 20.0), 0.1);
    assertThat(withL2.toDoubleVector()).containsExactly(new double[] {2, 4}, within(1e-15));
    assertThat(grad.toDoubleVector()).containsExactly(1, 2);
    assertThat(moments.withL2(grad, grad, 0)).isSameAs(grad);
  }

  @Test
  void aRangeUpdatesItsElementsOnlyAndMatchesTheWhole() {
    Moments whole = new Moments(130, DataType.FLOAT, 0.5, 0.75, 0.5);
    Moments parted = new Moments(130, DataType.FLOAT, 0.5, 0.75, 0.5);
    float[] g = new float[130];
    for (int i = 0; i < g.length; i++) {
      g[i] = (i - 65) / 20f;
    }
    INDArray grad = Nd4j.createFromArray(g);
    whole.whole().accumulate(grad);
    Moments.Range second = parted.range(64, 130);
    second.accumulate(SplitUpdate.view(grad, 64, 130));
    float[] m = parted.state().get(0).toFloatVector();
    float[] expected = whole.state().get(0).toFloatVector();
    for (int i = 0; i < 130; i++) {
      assertThat(m[i]).as("m[%d]", i).isEqualTo(i < 64 ? 0f : expected[i]);
    }
    assertThat(second.momentOverRootV(2).toFloatVector()).containsExactly(
        java.util.Arrays.copyOfRange(whole.whole().momentOverRootV(2).toFloatVector(), 64, 130));
  }

  @Test
  void loadCopiesValuesAndRejectsWrongShapes() {
    Moments moments = new Moments(2, DataType.FLOAT, 0.9, 0.999, 1e-8);
    INDArray m = Nd4j.createFromArray(1f, 2f);
    moments.load(List.of(m, Nd4j.createFromArray(3f, 4f)));
    m.assign(0);
    assertThat(moments.state().get(0).toFloatVector()).containsExactly(1f, 2f);
    assertThatThrownBy(() -> moments.load(List.of(Nd4j.zeros(DataType.FLOAT, 2),
        Nd4j.zeros(DataType.FLOAT, 2, 1)))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("v has shape [2, 1], expected [2]");
  }
}

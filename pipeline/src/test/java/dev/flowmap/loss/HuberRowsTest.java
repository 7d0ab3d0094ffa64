package dev.flowmap.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class HuberRowsTest {
  @Test
  void factorsAreOneWithinTheThresholdAndCOverTheNormBeyond() {
    for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      INDArray r = Nd4j.create(new double[][] {{0, 0}, {3, 4}, {-0.3, 0.4}, {0.5, 0}, {1e4, -1e4}})
          .castTo(dt);
      HuberRows rows = new HuberRows(r, 0.5);
      rows.run();
      double[] want = {1, 0.5 / 5, 1, 1, 0.5 / Math.hypot(1e4, 1e4)};
      for (int i = 0; i < want.length; i++) {
        assertThat(rows.factors().getDouble(i, 0)).as("%s row %d", dt, i)
            .isCloseTo(want[i], within(1e-6 * want[i]));
      }
      // within the threshold (the boundary included) the factor is exactly 1
      assertThat(rows.factors().getDouble(2, 0)).isEqualTo(1.0);
      assertThat(rows.factors().getDouble(3, 0)).isEqualTo(1.0);
      // a row's gradient 2 f r is at most 2c in norm, however far the row is off
      double far = Math.hypot(1e4, 1e4) * rows.factors().getDouble(4, 0);
      assertThat(far).isLessThanOrEqualTo(0.5 * (1 + 1e-6));
    }
  }

  @Test
  void rejectsABadScaleOrAResidualThatIsNotNByTwo() {
    INDArray r = Nd4j.create(DataType.FLOAT, 4, 2);
    assertThatThrownBy(() -> new HuberRows(r, 0)).hasMessageContaining("0.0");
    assertThatThrownBy(() -> new HuberRows(r, Double.POSITIVE_INFINITY)).hasMessageContaining("Infinity");
    assertThatThrownBy(() -> new HuberRows(Nd4j.create(DataType.FLOAT, 4, 3), 1)).hasMessageContaining("[4, 3]");
  }
}

package dev.flowmap.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class EmaTest {

  @Test
  void followsTheRecurrenceFromACopyOfTheStart() {
    INDArray params = Nd4j.createFromArray(1.0, -2.0, 4.0);
    Ema ema = new Ema(params, 0.9);
    params.assign(Nd4j.createFromArray(11.0, 8.0, -6.0));
    ema.update(params);
    // 0.9 * 1 + 0.1 * 11 = 2; 0.9 * -2 + 0.1 * 8 = -1; 0.9 * 4 + 0.1 * -6 = 3
    assertThat(ema.weights().toDoubleVector()).containsExactly(new double[] {2, -1, 3}, within(1e-12));
    params.assign(Nd4j.createFromArray(2.0, -1.0, 3.0));
    ema.update(params);
    assertThat(ema.weights().toDoubleVector()).containsExactly(new double[] {2, -1, 3}, within(1e-12));
    assertThat(ema.decay()).isEqualTo(0.9);
  }

  @Test
  void zeroDecayIsOff() {
    INDArray params = Nd4j.createFromArray(1.0, 2.0);
    Ema ema = new Ema(params, 0);
    params.assign(Nd4j.createFromArray(5.0, 6.0));
    ema.update(params);
    assertThat(ema.weights().toDoubleVector()).containsExactly(1, 2);
  }

  @Test
  void loadsWeightsOfTheSameShapeOnly() {
    Ema ema = new Ema(Nd4j.zeros(DataType.FLOAT, 4), 0.999);
    ema.load(Nd4j.createFromArray(1f, 2f, 3f, 4f));
    assertThat(ema.weights().toFloatVector()).containsExactly(1f, 2f, 3f, 4f);
    assertThatThrownBy(() -> ema.load(Nd4j.zeros(DataType.FLOAT, 3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[3]")
        .hasMessageContaining("[4]");
    assertThatThrownBy(() -> new Ema(Nd4j.zeros(DataType.FLOAT, 4), 1.0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.0");
  }

  @Test
  void rejectsParamsBlasCannotTakeOrOfAnotherLength() {
    assertThatThrownBy(() -> new Ema(Nd4j.create(DataType.INT, 4), 0.9))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FLOAT or DOUBLE");
    Ema ema = new Ema(Nd4j.zeros(DataType.DOUBLE, 4), 0.9);
    assertThatThrownBy(() -> ema.update(Nd4j.ones(DataType.DOUBLE, 3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length 4");
    assertThatThrownBy(() -> ema.update(Nd4j.ones(DataType.FLOAT, 4)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DOUBLE");
  }
}

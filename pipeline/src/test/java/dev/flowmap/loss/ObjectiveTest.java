package dev.flowmap.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.flowmap.data.Batch;
import dev.flowmap.model.Activation;
import dev.flowmap.model.FlowMapMlp;
import dev.flowmap.model.Gradient;
import dev.flowmap.model.KnownFields;
import dev.flowmap.model.Ops;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The objective's weights against hand-computed losses: with v = a x (a network of
 * {@link KnownFields}), the diagonal residual is a I_t - (x1 - x0) and the LSD residual
 * -(t - s) a^2 I_s, so each term's sum of squares is known in closed form; seed and notebook
 * weight each group by 1/(2n) (the mean over samples and both coordinates), paper by 1/B.
 */
class ObjectiveTest {
  private static final double A = 0.5;
  private static final int DIAG = 2;
  private static final int OFF = 3;

  private static FlowMapMlp net() {
    return KnownFields.affine(Activation.SILU, DataType.DOUBLE, A, 0, 0, 0, 0);
  }

  private static Batch batch() {
    Batch b = new Batch(DIAG, OFF);
    float[] x0d = {0.5f, -1, 2, 0.25f};
    float[] x1d = {1.5f, 1, -1, -0.5f};
    float[] td = {0.3f, 0.8f};
    float[] x0o = {-0.5f, 1, 1, 1, 0, -2};
    float[] x1o = {1, 2, -1.5f, 0.5f, 1.5f, 1.5f};
    float[] so = {0.1f, 0.4f, 0.7f};
    float[] to = {0.6f, 0.5f, 0.95f};
    float[] ho = {0.5f, 0.5f, 0.5f};
    System.arraycopy(x0d, 0, b.x0Diag, 0, x0d.length);
    System.arraycopy(x1d, 0, b.x1Diag, 0, x1d.length);
    System.arraycopy(td, 0, b.tDiag, 0, td.length);
    System.arraycopy(x0o, 0, b.x0Off, 0, x0o.length);
    System.arraycopy(x1o, 0, b.x1Off, 0, x1o.length);
    System.arraycopy(so, 0, b.sOff, 0, so.length);
    System.arraycopy(to, 0, b.tOff, 0, to.length);
    System.arraycopy(ho, 0, b.hOff, 0, ho.length);
    return b;
  }

  /** sum_i |a I_t - (x1 - x0)|^2 over the diagonal group. */
  private static double diagSum(Batch b) {
    double sum = 0;
    for (int i = 0; i < 2 * DIAG; i++) {
      double t = b.tDiag[i / 2];
      double it = (1 - t) * b.x0Diag[i] + t * b.x1Diag[i];
      double r = A * it - (b.x1Diag[i] - b.x0Diag[i]);
      sum += r * r;
    }
    return sum;
  }

  private static LossSpec lsd(Composition composition, int diag, int off) {
    return new LossSpec(Method.LSD, PsdForm.VELOCITY, composition, diag, off);
  }

  /** sum_i |(t - s) a^2 I_s|^2 over the off-diagonal group. */
  private static double lsdSum(Batch b) {
    double sum = 0;
    for (int i = 0; i < 2 * OFF; i++) {
      double s = b.sOff[i / 2];
      double t = b.tOff[i / 2];
      double is = (1 - s) * b.x0Off[i] + s * b.x1Off[i];
      double r = (t - s) * A * A * is;
      sum += r * r;
    }
    return sum;
  }

  @ParameterizedTest
  @CsvSource({"SEED,0.25,0.16666666666666666", "NOTEBOOK,0.25,0.16666666666666666", "PAPER,0.2,0.2"})
  void lossesAreTheWeightedSumsOfSquares(Composition composition, double diagWeight, double offWeight) {
    FlowMapMlp net = net();
    Batch b = batch();
    LossTerms l = Objective.create(net, lsd(composition, DIAG, OFF)).compute(b, new Gradient(net));
    assertThat(l.diag()).isCloseTo(diagWeight * diagSum(b), within(1e-12));
    assertThat(l.main()).isCloseTo(offWeight * lsdSum(b), within(1e-12));
    assertThat(l.term()).isEqualTo("lsd");
    assertThat(lsdSum(b)).isGreaterThan(1e-3);
  }

  @ParameterizedTest
  @CsvSource({"SEED,0.25,0.16666666666666666", "PAPER,0.2,0.2"})
  void gradientIsTheTermsGradientsWithTheSameWeights(Composition composition, double diagWeight, double offWeight) {
    FlowMapMlp net = net();
    Batch b = batch();
    Gradient got = new Gradient(net);
    got.flat().assign(7); // compute zeroes it first
    Objective.create(net, lsd(composition, DIAG, OFF)).compute(b, got);

    Gradient want = new Gradient(net);
    Group d = new Group(Ops.standard(), DataType.DOUBLE, DIAG);
    d.fill(b.x0Diag, b.x1Diag, b.tDiag, b.tDiag, null);
    new DiagonalFlowMatching(net, DIAG).accumulate(d, diagWeight, want);
    Group o = new Group(Ops.standard(), DataType.DOUBLE, OFF);
    o.fill(b.x0Off, b.x1Off, b.sOff, b.tOff, b.hOff);
    new LagrangianSelfDistillation(net, OFF).accumulate(o, offWeight, want);
    INDArray diff = got.flat().sub(want.flat());
    assertThat(diff.amaxNumber().doubleValue()).isLessThan(1e-12);
    assertThat(want.flat().amaxNumber().doubleValue()).isGreaterThan(1e-3);
  }

  @Test
  void theDistillWeightScalesOnlyTheSelfDistillationGradient() {
    FlowMapMlp net = net();
    Batch b = batch();
    Objective.Rows diag = new Objective.Rows(0, DIAG, DIAG);
    Objective.Rows off = new Objective.Rows(0, OFF, OFF);
    Gradient got = new Gradient(net);
    LossSpec weighted = new LossSpec(Method.LSD, PsdForm.VELOCITY, Composition.SEED, DIAG, OFF, 10.0);
    LossTerms l = Objective.slice(net, weighted, diag, off).compute(b, got);
    LossTerms plain = Objective.create(net, lsd(Composition.SEED, DIAG, OFF))
        .compute(b, new Gradient(net));
    assertThat(l.diag()).isEqualTo(plain.diag());
    assertThat(l.main()).as("logged terms stay unweighted").isEqualTo(plain.main());

    Gradient want = new Gradient(net);
    Group d = new Group(Ops.standard(), DataType.DOUBLE, DIAG);
    d.fill(b.x0Diag, b.x1Diag, b.tDiag, b.tDiag, null);
    new DiagonalFlowMatching(net, DIAG).accumulate(d, 1.0 / (2 * DIAG), want);
    Group o = new Group(Ops.standard(), DataType.DOUBLE, OFF);
    o.fill(b.x0Off, b.x1Off, b.sOff, b.tOff, b.hOff);
    new LagrangianSelfDistillation(net, OFF).accumulate(o, 10.0 / (2 * OFF), want);
    assertThat(got.flat().sub(want.flat()).amaxNumber().doubleValue()).isLessThan(1e-12);
    assertThatThrownBy(() -> new LossSpec(Method.LSD, PsdForm.VELOCITY, Composition.SEED, DIAG, OFF, 0.0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0.0");
  }

  @Test
  void flowMatchingAloneHasNoMainTerm() {
    FlowMapMlp net = net();
    Batch b = batch();
    LossTerms l = Objective.create(net, new LossSpec(Method.FM, PsdForm.VELOCITY, Composition.SEED, DIAG, 0)).compute(b, new Gradient(net));
    assertThat(l.main()).isZero();
    assertThat(l.term()).isNull();
    assertThat(l.diag()).isCloseTo(diagSum(b) / (2 * DIAG), within(1e-12));
  }

  @Test
  void theObjectiveNamesItsMethodsTerm() {
    assertThat(Objective.create(net(), new LossSpec(Method.ESD, PsdForm.VELOCITY, Composition.SEED,
        DIAG, OFF)).term()).isEqualTo("esd");
    assertThat(Objective.create(net(), new LossSpec(Method.PSD_U, PsdForm.POSITION, Composition.SEED,
        DIAG, OFF)).term()).isEqualTo("psd");
  }

  @Test
  void aSliceMustCoverTheSpecsCounts() {
    assertThatThrownBy(() -> Objective.slice(net(), lsd(Composition.SEED, DIAG, OFF),
        new Objective.Rows(0, DIAG, DIAG + 1), new Objective.Rows(0, OFF, OFF)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not match");
  }

  @Test
  void rowsSplitATotalIntoNearEqualContiguousSlices() {
    assertThat(Objective.Rows.part(10, 0, 3)).isEqualTo(new Objective.Rows(0, 3, 10));
    assertThat(Objective.Rows.part(10, 1, 3)).isEqualTo(new Objective.Rows(3, 3, 10));
    assertThat(Objective.Rows.part(10, 2, 3)).isEqualTo(new Objective.Rows(6, 4, 10));
    assertThat(Objective.Rows.part(2, 0, 4)).isEqualTo(new Objective.Rows(0, 0, 2));
    assertThatThrownBy(() -> new Objective.Rows(8, 3, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("rows [8, 11) not within 10");
    assertThatThrownBy(() -> new Objective.Rows(-1, 1, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Objective.Rows(0, -1, 10)).isInstanceOf(IllegalArgumentException.class);
  }

  /** A worker whose slice holds no diagonal (or no off-diagonal) rows adds nothing for that term. */
  @Test
  void aSliceWithoutRowsOfOneGroupHasNoTermForIt() {
    Batch b = batch();
    Gradient whole = new Gradient(net());
    LossTerms all = Objective.create(net(), lsd(Composition.SEED, DIAG, OFF)).compute(b, whole);
    FlowMapMlp n = net();
    Gradient g = new Gradient(n);
    LossTerms offOnly = Objective.slice(n, lsd(Composition.SEED, DIAG, OFF),
        new Objective.Rows(DIAG, 0, DIAG), new Objective.Rows(0, OFF, OFF)).compute(b, g);
    assertThat(offOnly.diag()).isZero();
    assertThat(offOnly.main()).isCloseTo(all.main(), within(1e-12));
    LossTerms diagOnly = Objective.slice(n, lsd(Composition.SEED, DIAG, OFF),
        new Objective.Rows(0, DIAG, DIAG), new Objective.Rows(OFF, 0, OFF)).compute(b, g);
    assertThat(diagOnly.main()).isZero();
    assertThat(diagOnly.diag()).isCloseTo(all.diag(), within(1e-12));
  }
}

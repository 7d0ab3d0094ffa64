package dev.flowmap.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flowmap.model.Activation;
import dev.flowmap.model.FlowMapMlp;
import dev.flowmap.model.Gradient;
import dev.flowmap.model.KnownFields;
import dev.flowmap.model.Ops;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** What each method owns: its name, its term, its batch split (docs/method.md "Batches") and FLOPs. */
class MethodTest {
  @Test
  void namesAreTheConfigNames() {
    assertThat(Method.LSD).hasToString("lsd");
    assertThat(Method.PSD_M).hasToString("psd-m");
    assertThat(Method.PSD_U).hasToString("psd-u");
    assertThat(Method.ESD).hasToString("esd");
    assertThat(Method.FM).hasToString("fm");
    assertThat(PsdForm.POSITION).hasToString("position");
    assertThat(PsdForm.VELOCITY).hasToString("velocity");
    assertThat(Composition.NOTEBOOK).hasToString("notebook");
  }

  @Test
  void methodsNameTheirTerm() {
    assertThat(Method.LSD.term()).isEqualTo("lsd");
    assertThat(Method.PSD_M.term()).isEqualTo("psd");
    assertThat(Method.PSD_U.term()).isEqualTo("psd");
    assertThat(Method.ESD.term()).isEqualTo("esd");
    assertThat(Method.FM.term()).isNull();
  }

  @Test
  void onlyPsdUDrawsTheSplitUniformly() {
    for (Method m : Method.values()) {
      assertThat(m.uniformSplit()).as(m.toString()).isEqualTo(m == Method.PSD_U);
    }
  }

  @Test
  void seedCompositionIsEtaBDiagonalPlusBOffDiagonal() {
    assertThat(Method.LSD.diagCount(Composition.SEED, 0.75, 2048)).isEqualTo(1536);
    assertThat(Method.LSD.offCount(Composition.SEED, 0.75, 2048)).isEqualTo(2048);
  }

  @Test
  void paperCompositionSplitsOneBatchOfB() {
    assertThat(Method.LSD.diagCount(Composition.PAPER, 0.75, 2048)).isEqualTo(1536);
    assertThat(Method.LSD.offCount(Composition.PAPER, 0.75, 2048)).isEqualTo(512);
    assertThat(Method.LSD.diagCount(Composition.PAPER, 0.75, 10)).isEqualTo(8); // round(7.5)
  }

  @Test
  void notebookCompositionIsEtaBDiagonalPlusTheRestOffDiagonal() {
    assertThat(Method.LSD.diagCount(Composition.NOTEBOOK, 0.75, 2048)).isEqualTo(1536);
    assertThat(Method.LSD.offCount(Composition.NOTEBOOK, 0.75, 2048)).isEqualTo(512);
    assertThat(Method.PSD_M.offCount(Composition.NOTEBOOK, 0.75, 10)).isEqualTo(2);
  }

  @Test
  void flowMatchingBaselineIsAllDiagonal() {
    assertThat(Method.FM.diagCount(Composition.SEED, 0.75, 300)).isEqualTo(300);
    assertThat(Method.FM.offCount(Composition.SEED, 0.75, 300)).isZero();
  }

  /** Passes per row: 3 forward-equivalents (forward + two backward GEMMs) per trained pass. */
  @Test
  void flopsCountEachMethodsPasses() {
    long f = 1000;
    assertThat(Method.FM.flopsPerStep(f, 6, 0)).isEqualTo(3 * f * 6);
    assertThat(Method.FM.flopsPerStep(f, 6, 8)).isEqualTo(3 * f * 6);
    assertThat(Method.LSD.flopsPerStep(f, 6, 8)).isEqualTo(3 * f * 6 + (6 + 1) * f * 8);
    assertThat(Method.PSD_M.flopsPerStep(f, 6, 8)).isEqualTo(3 * f * 6 + (3 + 2) * f * 8);
    assertThat(Method.PSD_U.flopsPerStep(f, 6, 8)).isEqualTo(3 * f * 6 + (3 + 2) * f * 8);
    assertThat(Method.ESD.flopsPerStep(f, 6, 8)).isEqualTo(3 * f * 6 + (6 + 1 + 2) * f * 8);
  }

  /**
   * The PSD form reaches the term: the position residual is (t - s) times the velocity one
   * (docs/method.md "The losses"), so with every gap t - s = 1/2 the position form's sum of
   * squares is a quarter of the velocity form's, for both PSD methods.
   */
  @Test
  void psdTermsTakeTheirResidualForm() {
    FlowMapMlp net = KnownFields.affine(Activation.SILU, DataType.DOUBLE, 0.5, 0.25, -0.5, 0, 0);
    int n = 3;
    Group g = new Group(Ops.standard(), DataType.DOUBLE, n);
    g.fill(new float[] {-0.5f, 1, 1, 1, 0, -2}, new float[] {1, 2, -1.5f, 0.5f, 1.5f, 1.5f},
        new float[] {0, 0.25f, 0.5f}, new float[] {0.5f, 0.75f, 1.0f},
        new float[] {0.5f, 0.3f, 0.8f});
    for (Method m : new Method[] {Method.PSD_M, Method.PSD_U}) {
      double velocity = m.newTerm(net, n, new LossSpec(m, PsdForm.VELOCITY, Composition.SEED, 0, n), Faults.NONE)
          .accumulate(g, 1.0, new Gradient(net));
      double position = m.newTerm(net, n, new LossSpec(m, PsdForm.POSITION, Composition.SEED, 0, n), Faults.NONE)
          .accumulate(g, 1.0, new Gradient(net));
      assertThat(velocity).as(m.toString()).isGreaterThan(1e-4);
      assertThat(position).as(m.toString()).isCloseTo(0.25 * velocity, within(1e-12 * velocity));
    }
  }
}

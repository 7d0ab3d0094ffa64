package dev.flowmap.loss;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}

package dev.flowmap.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmap.eval.EvalReport;
import dev.flowmap.eval.KlRow;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The progress bar's message after a periodic evaluation carries the floor and n beside the KL. */
class ProgressKlSummaryTest {
  @Test
  void namesNAndTheFloorBesideTheFirstKl() {
    EvalReport r = new EvalReport(2000, 50_000, "ema",
        List.of(new KlRow(1, 0.41234, 0.02301, 0.8), new KlRow(2, 0.3, 0.02301, 0.9)));
    assertThat(ProgressReporter.klSummary(r)).isEqualTo("KL(N=1) 0.4123 (floor 0.0230, n = 50,000)");
    assertThat(ProgressReporter.klSummary(new EvalReport(1, 1000, "raw", List.of()))).isEqualTo("evaluated");
  }
}

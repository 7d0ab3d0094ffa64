package dev.flowmap.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flowmap.eval.KlRow;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Runs that differ only in train.seed become one line with the mean and spread over seeds. */
class SeedGroupsTest {
  private static SweepReport.Result run(String lr, String seed, String status, double kl1, double in1) {
    Map<Integer, KlRow> rows = new TreeMap<>();
    if ("finished".equals(status)) {
      rows.put(1, new KlRow(1, kl1, 0.0115, in1));
      rows.put(16, new KlRow(16, kl1 / 2, 0.0115, in1));
    }
    return new SweepReport.Result(new Grid.Point("lr-" + lr + "_seed-" + seed,
        Map.of("optim.lr", lr, "train.seed", seed)), status, 100, 60, 100000, 60, rows, List.of());
  }

  @Test
  void meanAndSampleSpreadMatchAHandComputation() {
    double[] m = SeedGroups.meanAndSpread(List.of(0.1, 0.2, 0.6));
    assertThat(m[0]).isCloseTo(0.3, within(1e-12));
    // deviations -0.2, -0.1, 0.3: squares sum 0.14, over n - 1 = 2: 0.07
    assertThat(m[1]).isCloseTo(Math.sqrt(0.07), within(1e-12));
    assertThat(SeedGroups.meanAndSpread(List.of(0.5))).containsExactly(0.5, 0.0);
    assertThat(SeedGroups.meanAndSpread(List.of())[0]).isNaN();
  }

  @Test
  void groupsByEveryKeyButTheSeedAndCountsOnlyFinishedRuns() {
    List<String> keys = List.of("optim.lr", "train.seed");
    List<SweepReport.Result> results = List.of(
        run("1e-3", "1", "finished", 0.10, 0.90), run("1e-3", "2", "finished", 0.20, 0.94),
        run("2e-3", "1", "finished", 0.40, 0.80), run("1e-3", "3", "started", 0, 0),
        run("2e-3", "2", "finished", 0.40, 0.84));
    List<SeedGroups.Group> groups = SeedGroups.of(keys, results);
    assertThat(groups).hasSize(2);
    assertThat(groups.get(0).values()).containsExactly(Map.entry("optim.lr", "1e-3"));
    assertThat(groups.get(0).runs()).hasSize(3);
    assertThat(groups.get(0).finished()).hasSize(2);

    String md = SeedGroups.markdown(keys, results);
    List<String> lines = md.lines().filter(l -> l.startsWith("| 1e-3") || l.startsWith("| 2e-3")).toList();
    assertThat(lines).hasSize(2);
    // 0.10 and 0.20: mean 0.15, sample sd 0.0707; N = 16 halves both
    assertThat(lines.get(0)).contains("| 1, 2 (2 / 3) |", "| 0.1500 ± 0.0707 |", "| 0.0750 ± 0.0354 |",
        "| 0.9200 ± 0.0283 |");
    assertThat(lines.get(1)).contains("| 1, 2 (2 / 2) |", "| 0.4000 ± 0.0000 |", "| 0.8200 ± 0.0283 |");
    assertThat(SweepReport.markdown("t", keys, results, List.of())).contains("## Over seeds").contains("## Each run")
        .contains("| 1e-3 | 1, 2 (2 / 3) |");
  }

  @Test
  void withoutASeedKeyThereIsNoGroupTable() {
    List<SweepReport.Result> results = List.of(run("1e-3", "1", "finished", 0.1, 0.9));
    assertThat(SeedGroups.markdown(List.of("optim.lr"), results)).isEmpty();
    assertThat(SweepReport.markdown("t", List.of("optim.lr"), results, List.of())).doesNotContain("Over seeds");
  }
}

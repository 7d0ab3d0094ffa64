package dev.flowmap.experiment;

import dev.flowmap.eval.KlRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The runs of a sweep that differ only in {@code train.seed}, as one line each: the mean and the
 * spread (sample standard deviation over the seeds) of the KL and the in-support fraction per N,
 * from the finished runs of the group.
 */
final class SeedGroups {
  static final String SEED_KEY = "train.seed";

  private SeedGroups() {}

  /** One group: the other keys' values, and its runs in sweep order. */
  record Group(Map<String, String> values, List<SweepReport.Result> runs) {
    List<SweepReport.Result> finished() {
      return runs.stream().filter(r -> "finished".equals(r.status())).toList();
    }
  }

  /** The runs grouped by every key but train.seed, in the order their first run appears. */
  static List<Group> of(List<String> keys, List<SweepReport.Result> results) {
    Map<Map<String, String>, List<SweepReport.Result>> groups = new LinkedHashMap<>();
    for (SweepReport.Result r : results) {
      Map<String, String> others = new TreeMap<>(r.point().values());
      others.remove(SEED_KEY);
      groups.computeIfAbsent(others, k -> new ArrayList<>()).add(r);
    }
    List<Group> out = new ArrayList<>();
    groups.forEach((v, runs) -> out.add(new Group(v, runs)));
    return out;
  }

  /** Mean and sample standard deviation (0 for a single value) of {@code xs}; NaN when empty. */
  static double[] meanAndSpread(List<Double> xs) {
    if (xs.isEmpty()) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double mean = xs.stream().mapToDouble(Double::doubleValue).sum() / xs.size();
    double ss = 0;
    for (double x : xs) {
      ss += (x - mean) * (x - mean);
    }
    return new double[] {mean, xs.size() < 2 ? 0 : Math.sqrt(ss / (xs.size() - 1))};
  }

  /**
   * The Markdown table of the groups: the other keys, the seeds finished of those run, then
   * "mean ± spread" of the KL and the in-support fraction per N; empty when train.seed is not
   * a grid key.
   */
  static String markdown(List<String> keys, List<SweepReport.Result> results) {
    if (!keys.contains(SEED_KEY)) {
      return "";
    }
    List<String> others = keys.stream().filter(k -> !k.equals(SEED_KEY)).toList();
    TreeSet<Integer> ns = new TreeSet<>();
    results.forEach(r -> ns.addAll(r.rows().keySet()));
    StringBuilder sb = new StringBuilder("## Over seeds\n\nRuns that differ only in train.seed, as")
        .append(" mean ± spread (sample standard deviation over the finished seeds).\n\n|");
    others.forEach(k -> sb.append(' ').append(k).append(" |"));
    sb.append(" seeds (finished / run) |");
    ns.forEach(n -> sb.append(" KL N=").append(n).append(" |"));
    ns.forEach(n -> sb.append(" in-support N=").append(n).append(" |"));
    sb.append("\n|").append("---|".repeat(others.size() + 1 + 2 * ns.size())).append('\n');
    for (Group g : of(keys, results)) {
      sb.append('|');
      others.forEach(k -> sb.append(' ').append(g.values().get(k)).append(" |"));
      List<SweepReport.Result> done = g.finished();
      sb.append(' ').append(String.join(", ", done.stream().map(r -> r.point().values().get(SEED_KEY)).toList()))
          .append(" (").append(done.size()).append(" / ").append(g.runs().size()).append(") |");
      for (int n : ns) {
        sb.append(' ').append(cell(done, n, false)).append(" |");
      }
      for (int n : ns) {
        sb.append(' ').append(cell(done, n, true)).append(" |");
      }
      sb.append('\n');
    }
    return sb.append('\n').toString();
  }

  private static String cell(List<SweepReport.Result> runs, int n, boolean inSupport) {
    List<Double> xs = new ArrayList<>();
    for (SweepReport.Result r : runs) {
      KlRow row = r.rows().get(n);
      if (row != null) {
        xs.add(inSupport ? row.inSupport() : row.kl());
      }
    }
    if (xs.isEmpty()) {
      return "-";
    }
    double[] m = meanAndSpread(xs);
    return String.format(Locale.ROOT, "%.4f ± %.4f", m[0], m[1]);
  }
}

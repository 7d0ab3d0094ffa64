package dev.flowmap.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How far each watched quantity may grow after the warm-up: above the highest value the warm-up
 * saw by a fraction of it or a fixed slack, whichever is larger. A leak of a buffer, a thread or
 * a file per step, per batch or per scrape crosses these within minutes; the noise of garbage
 * collection and of the allocator does not.
 */
final class SoakBounds {
  static final String[] NAMES = {"rss", "heap after GC", "ND4J off-heap", "threads", "open fds"};
  private static final double[] FRACTION = {0.25, 0.25, 0.25, 0, 0};
  private static final long[] SLACK = {128L << 20, 32L << 20, 32L << 20, 8, 16};

  private SoakBounds() {}

  /** Warm-up length for a soak of {@code minutes}: 30% of it, at least 2 and at most 15 minutes. */
  static double warmupMinutes(double minutes) {
    return Math.min(15, Math.max(2, 0.3 * minutes));
  }

  /** The bound on each watched quantity, from the rows of the warm-up (at least one). */
  static long[] bounds(List<SoakRow> warmup) {
    long[] limit = new long[NAMES.length];
    for (int i = 0; i < limit.length; i++) {
      final int k = i;
      long peak = warmup.stream().mapToLong(r -> r.watched()[k]).max().orElseThrow();
      limit[i] = peak + Math.max((long) Math.ceil(FRACTION[i] * peak), SLACK[i]);
    }
    return limit;
  }

  /** What {@code row} has beyond the bounds; empty when nothing. */
  static List<String> exceeded(SoakRow row, long[] limit) {
    List<String> out = new ArrayList<>();
    long[] v = row.watched();
    for (int i = 0; i < v.length; i++) {
      if (v[i] > limit[i]) {
        out.add(String.format(Locale.ROOT, "%s %d > bound %d at minute %.1f", NAMES[i], v[i],
            limit[i], row.minutes()));
      }
    }
    return out;
  }
}

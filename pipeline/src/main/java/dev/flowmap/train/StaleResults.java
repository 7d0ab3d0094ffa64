package dev.flowmap.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Logs and results that an earlier start left in a run directory without writing a checkpoint
 * (a directory with one is refused a fresh start): moved into {@code stale-<time>/} so that a
 * fresh start neither appends to them nor mixes with them.
 */
final class StaleResults {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
      .withZone(ZoneOffset.UTC);

  private StaleResults() {}

  /**
   * Moves those of {@code names} that exist in {@code dir} aside, into {@code stale-<start>/}
   * (with {@code -2}, {@code -3}, ... when that exists).
   *
   * @return a one-line notice of what was moved where, or null when nothing was
   */
  static String moveAside(Path dir, List<String> names, Instant start) throws IOException {
    List<String> found = names.stream().filter(f -> Files.exists(dir.resolve(f))).toList();
    if (found.isEmpty()) {
      return null;
    }
    String stamp = STAMP.format(start);
    Path aside = dir.resolve("stale-" + stamp);
    for (int i = 2; Files.exists(aside); i++) {
      aside = dir.resolve("stale-" + stamp + "-" + i);
    }
    Files.createDirectories(aside);
    for (String f : found) {
      Files.move(dir.resolve(f), aside.resolve(f));
    }
    return "fresh start in " + dir + ": moved " + String.join(", ", found)
        + " of an earlier start that wrote no checkpoint to " + aside;
  }
}

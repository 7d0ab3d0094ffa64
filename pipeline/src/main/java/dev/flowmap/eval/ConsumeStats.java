package dev.flowmap.eval;

import java.io.PrintWriter;
import java.util.Locale;

/** What a consumer has received so far: count, in-support share, histogram for the KL, rate. */
public final class ConsumeStats {
  private static final long PRINT_EVERY_NANOS = 500_000_000L;
  private final ConsumeTarget target;
  private final long startNanos;
  private final long[] hist;
  private long received;
  private long inRange;
  private long inSupport;
  private long skipped;
  private long lastPrint;

  public ConsumeStats(ConsumeTarget target, long startNanos) {
    this.target = target;
    this.startNanos = startNanos;
    this.lastPrint = startNanos;
    this.hist = target.newHistogram();
  }

  public void add(double x, double y) {
    received++;
    inRange += target.add(hist, x, y);
    if (target.inSupport(x, y)) {
      inSupport++;
    }
  }

  public long received() {
    return received;
  }

  /** Counts a record that carried no samples (a Kafka record that was not a sample batch). */
  public void skip() {
    skipped++;
  }

  /** Records skipped so far. */
  public long skipped() {
    return skipped;
  }

  double inSupportFraction() {
    return received == 0 ? Double.NaN : (double) inSupport / received;
  }

  double kl() {
    return target.kl(hist, inRange);
  }

  /** Rewrites the progress line at most twice a second. */
  public void maybePrint(PrintWriter out, long now) {
    if (now - lastPrint >= PRINT_EVERY_NANOS) {
      lastPrint = now;
      out.print("\r" + line(now) + "   ");
      out.flush();
    }
  }

  /**
   * Prints a whole line every {@code everyNanos} (for logs, where a rewritten line never shows).
   */
  public void maybePrintLine(PrintWriter out, long now, long everyNanos) {
    if (now - lastPrint >= everyNanos) {
      lastPrint = now;
      out.println(line(now));
      out.flush();
    }
  }

  /** The final line: totals, rate, in-support fraction, KL with its floor and n. */
  public String summary(long now) {
    return "done: " + line(now);
  }

  private String line(long now) {
    double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
    return String.format(Locale.ROOT,
        "%,d samples in %.1f s (%,.0f samples/s), in support %.4f, KL %.4f (floor %.4f at n = %,d;"
            + " %dx%d probability histogram, n = %,d target vs the %,d received)",
        received, seconds, received / seconds, inSupportFraction(), kl(), target.floor(),
        target.referenceSize(), target.bins(), target.bins(), target.referenceSize(), received)
        + (skipped == 0 ? "" : String.format(Locale.ROOT, "; skipped %,d records that were not"
            + " sample batches", skipped));
  }
}

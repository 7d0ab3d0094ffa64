package dev.flowmap.train;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The steady-state time of a repeated operation, from its times fed one at a time: in a fresh JVM
 * the first training steps run before C2 has compiled the fused Vector API kernels and took about
 * twice as long as the later ones, so a fixed few warm-up steps are not enough.
 *
 * <p>The times are grouped into rounds of at least {@link #ROUND_SAMPLES} samples and
 * {@link #ROUND_SECONDS} seconds; a round's time is its median. The time is steady once the last
 * {@link #AGREEING} rounds' medians lie within {@link #TOLERANCE} of each other (the largest at
 * most that share above the smallest), and is then the last round's median. The timing also ends
 * when the samples fed add up to the cap (a machine whose load keeps changing never settles); the
 * time is then the last round's median, or the median of the samples so far when no round has
 * ended. Pure: it reads no clock, so the rule is tested with made-up times.
 */
final class SteadyTime {
  static final int ROUND_SAMPLES = 5;
  static final double ROUND_SECONDS = 0.5;
  static final int AGREEING = 3;
  static final double TOLERANCE = 0.03;

  private final double capSeconds;
  private final List<Double> round = new ArrayList<>();
  private final Deque<Double> medians = new ArrayDeque<>();
  private double roundSeconds;
  private double spentSeconds;
  private int samples;
  private boolean steady;

  /** A timing that gives up once the samples fed add up to {@code capSeconds}. */
  SteadyTime(double capSeconds) {
    this.capSeconds = capSeconds;
  }

  /** Adds one sample of {@code seconds}; true when the timing is done (steady, or at the cap). */
  boolean add(double seconds) {
    samples++;
    spentSeconds += seconds;
    roundSeconds += seconds;
    round.add(seconds);
    if (round.size() >= ROUND_SAMPLES && roundSeconds >= ROUND_SECONDS) {
      medians.addLast(median(round));
      if (medians.size() > AGREEING) {
        medians.removeFirst();
      }
      round.clear();
      roundSeconds = 0;
      steady = medians.size() == AGREEING
          && max(medians) <= (1 + TOLERANCE) * min(medians);
    }
    return done();
  }

  /** Whether the timing is over: the time is steady or the cap is reached. */
  boolean done() {
    return steady || spentSeconds >= capSeconds;
  }

  /** Whether the last rounds agreed (false: the cap, or nothing yet). */
  boolean steady() {
    return steady;
  }

  /** Samples fed so far. */
  int samples() {
    return samples;
  }

  /** The time: the last round's median; before any round ends, the median of the samples so far. */
  double seconds() {
    if (!medians.isEmpty()) {
      return medians.getLast();
    }
    if (round.isEmpty()) {
      throw new IllegalStateException("no time was measured");
    }
    return median(round);
  }

  private static double median(List<Double> xs) {
    double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  private static double max(Deque<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
  }

  private static double min(Deque<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
  }
}

package dev.flowmap.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The settling rule of the step timing, fed made-up step times instead of a clock. */
class SteadyTimeTest {
  /** {@code n} samples of {@code seconds} each. */
  private static List<Double> repeat(int n, double seconds) {
    return Collections.nCopies(n, seconds);
  }

  private static List<Double> concat(List<Double> a, List<Double> b) {
    List<Double> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** Feeds {@code times} until the timing says it is done; how many samples that took. */
  private static int feed(SteadyTime t, List<Double> times) {
    for (int i = 0; i < times.size(); i++) {
      if (t.add(times.get(i))) {
        return i + 1;
      }
    }
    return times.size();
  }

  @Test
  void settlesWhenThreeRoundsAgree() {
    SteadyTime t = new SteadyTime(60);
    int used = feed(t, repeat(1000, 0.1)); // rounds of 5 samples = 0.5 s
    assertThat(used).isEqualTo(15);
    assertThat(t.steady()).isTrue();
    assertThat(t.done()).isTrue();
    assertThat(t.samples()).isEqualTo(15);
    assertThat(t.seconds()).isEqualTo(0.1);
  }

  @Test
  void ignoresASlowFirstRound() {
    SteadyTime t = new SteadyTime(60);
    int used = feed(t, concat(repeat(5, 0.4), repeat(1000, 0.1)));
    assertThat(used).as("the slow round and three that agree").isEqualTo(20);
    assertThat(t.steady()).isTrue();
    assertThat(t.seconds()).isEqualTo(0.1);
  }

  /** Two rounds on a plateau (the JIT still compiling) are not enough: three must agree. */
  @Test
  void aTwoRoundPlateauBeforeTheJitFinishesDoesNotSettle() {
    SteadyTime t = new SteadyTime(60);
    int used = feed(t, concat(concat(repeat(5, 0.4), repeat(10, 0.2)), repeat(1000, 0.1)));
    assertThat(used).isEqualTo(30);
    assertThat(t.seconds()).isEqualTo(0.1);
  }

  @Test
  void roundsAgreeWithinThreePercentNotMore() {
    SteadyTime near = new SteadyTime(60);
    feed(near, concat(concat(repeat(5, 0.100), repeat(5, 0.102)), repeat(5, 0.101)));
    assertThat(near.steady()).isTrue();
    assertThat(near.seconds()).isEqualTo(0.101);
    SteadyTime far = new SteadyTime(60);
    feed(far, concat(concat(repeat(5, 0.100), repeat(5, 0.104)), repeat(5, 0.101)));
    assertThat(far.steady()).isFalse();
    assertThat(far.done()).isFalse();
  }

  /** A round is at least 5 samples and 0.5 s: fast steps make long rounds, not noisy ones. */
  @Test
  void aRoundLastsHalfASecondAtLeast() {
    SteadyTime t = new SteadyTime(60);
    assertThat(feed(t, repeat(10_000, 0.01))).isEqualTo(150);
    assertThat(t.seconds()).isEqualTo(0.01);
  }

  /** A round's time is its median: one step held up by a collection does not move it. */
  @Test
  void aSpikeInsideARoundDoesNotMoveItsMedian() {
    SteadyTime t = new SteadyTime(60);
    List<Double> times = new ArrayList<>(repeat(15, 0.1));
    times.set(12, 3.0);
    assertThat(feed(t, times)).isEqualTo(15);
    assertThat(t.steady()).isTrue();
    assertThat(t.seconds()).isEqualTo(0.1);
  }

  /** At the cap in the middle of a round, the last finished round's median counts. */
  @Test
  void stopsAtTheCapWithTheLastRoundsMedian() {
    SteadyTime t = new SteadyTime(4.75);
    List<Double> times = new ArrayList<>();
    for (int r = 0; r < 100; r++) { // rounds alternate between 0.1 and 0.2 s: never steady
      times.addAll(repeat(5, r % 2 == 0 ? 0.1 : 0.2));
    }
    int used = feed(t, times);
    assertThat(t.steady()).isFalse();
    assertThat(t.done()).isTrue();
    // 1.5 s per pair of rounds: 4.5 s after six rounds (30 samples), then 0.1 s samples to 4.8 s
    assertThat(used).isEqualTo(33);
    assertThat(t.samples()).isEqualTo(33);
    assertThat(t.seconds()).isEqualTo(0.2);
  }

  @Test
  void atTheCapBeforeAnyRoundEndsTheSamplesSoFarCount() {
    SteadyTime t = new SteadyTime(1);
    assertThatThrownBy(t::seconds).isInstanceOf(IllegalStateException.class);
    assertThat(t.add(0.7)).isFalse();
    assertThat(t.add(0.5)).isTrue();
    assertThat(t.steady()).isFalse();
    assertThat(t.seconds()).isCloseTo(0.6, within(1e-12));
  }
}

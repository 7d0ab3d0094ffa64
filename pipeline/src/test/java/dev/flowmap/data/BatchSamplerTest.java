package dev.flowmap.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Batch compositions (docs/method.md "Batches"): sizes, time ranges and their distributions. */
class BatchSamplerTest {
  private static final Checkerboard BOARD = new Checkerboard(4, 1.0);

  private static BatchSampler sampler(TimeSampler times, boolean uniformSplit, int diag, int off) {
    return new BatchSampler(BOARD, 1.0, diag, off, times, uniformSplit, 42);
  }

  /**
   * A pair schedule changes only the off-diagonal times, exactly as it rewrites the base
   * sampler's pairs, with the grid draws after every base draw: points, diagonal times and h stay.
   */
  @Test
  void aPairScheduleMovesOnlyTheOffDiagonalTimes() {
    BatchSampler base = sampler(TimeSampler.SEED, true, 1536, 512);
    PairSchedule pairs = new PairSchedule(0.3, 1000);
    BatchSampler moved = new BatchSampler(BOARD, 1.0, 1536, 512, TimeSampler.SEED, true, 42, pairs);
    Batch a = base.newBatch();
    Batch b = moved.newBatch();
    base.fill(a, 600);
    moved.fill(b, 600);
    assertThat(b.x0Diag).containsExactly(a.x0Diag);
    assertThat(b.x1Off).containsExactly(a.x1Off);
    assertThat(b.tDiag).containsExactly(a.tDiag);
    assertThat(b.hOff).containsExactly(a.hOff);
    float[] s = a.sOff.clone();
    float[] t = a.tOff.clone();
    Rng rng = new Rng(Rng.derive(42, 0x6261746368L, 600));
    Batch replay = base.newBatch();
    base.fill(replay, 600); // the base draws, then the schedule continues the same stream
    skipBaseDraws(rng, replay);
    pairs.apply(rng, 600, s, t, a.offCount);
    assertThat(b.sOff).containsExactly(s);
    assertThat(b.tOff).containsExactly(t);
    assertThat(b.sOff).isNotEqualTo(a.sOff);
  }

  /** Advances {@code rng} past what fill draws for a psd-u batch of this shape with seed times. */
  private static void skipBaseDraws(Rng rng, Batch b) {
    float[] scratch = new float[2 * Math.max(b.diagCount, b.offCount)];
    GaussianSampler.sample(rng, 1.0, scratch, 0, b.diagCount);
    BOARD.sample(rng, scratch, 0, b.diagCount);
    for (int i = 0; i < b.diagCount; i++) {
      rng.nextDouble();
    }
    GaussianSampler.sample(rng, 1.0, scratch, 0, b.offCount);
    BOARD.sample(rng, scratch, 0, b.offCount);
    for (int i = 0; i < b.offCount; i++) {
      rng.nextDouble();
      rng.nextDouble();
      rng.nextDouble();
    }
  }

  @Test
  void batchesHaveTheGivenCounts() {
    BatchSampler s = sampler(TimeSampler.SEED, false, 1536, 512);
    assertThat(s.diagCount()).isEqualTo(1536);
    assertThat(s.offCount()).isEqualTo(512);
    Batch b = s.newBatch();
    assertThat(b.diagCount).isEqualTo(1536);
    assertThat(b.offCount).isEqualTo(512);
    assertThat(sampler(TimeSampler.SEED, false, 300, 0).newBatch().offCount).isZero();
  }

  @Test
  void seedTimesAreUniformTAndSEqualsUTimesT() {
    BatchSampler s = sampler(TimeSampler.SEED, false, 15000, 20000);
    Batch b = s.newBatch();
    s.fill(b, 1);
    double meanS = 0;
    double meanT = 0;
    for (int i = 0; i < b.offCount; i++) {
      assertThat(b.sOff[i]).isBetween(0f, b.tOff[i]);
      assertThat(b.tOff[i]).isBetween(0f, 1f);
      assertThat(b.hOff[i]).isEqualTo(0.5f);
      meanS += b.sOff[i] / (double) b.offCount;
      meanT += b.tOff[i] / (double) b.offCount;
    }
    // E[t] = 1/2, E[s] = E[U] E[t] = 1/4; standard errors below 0.003 at n = 20000
    assertThat(meanT).isCloseTo(0.5, within(0.012));
    assertThat(meanS).isCloseTo(0.25, within(0.012));
    for (int i = 0; i < b.diagCount; i++) {
      assertThat(b.tDiag[i]).isBetween(0f, 1f);
    }
  }

  @Test
  void paperTimesAreTheMinAndMaxOfTwoUniforms() {
    BatchSampler s = sampler(TimeSampler.PAPER, true, 30000, 10000);
    Batch b = s.newBatch();
    s.fill(b, 3);
    double meanS = 0;
    double meanT = 0;
    double meanH = 0;
    double meanH2 = 0;
    for (int i = 0; i < b.offCount; i++) {
      assertThat(b.sOff[i]).isLessThanOrEqualTo(b.tOff[i]);
      meanS += b.sOff[i] / (double) b.offCount;
      meanT += b.tOff[i] / (double) b.offCount;
      meanH += b.hOff[i] / (double) b.offCount;
      meanH2 += b.hOff[i] * (double) b.hOff[i] / b.offCount;
    }
    // E[min] = 1/3, E[max] = 2/3; h ~ U[0,1]: mean 1/2, variance 1/12
    assertThat(meanS).isCloseTo(1.0 / 3, within(0.015));
    assertThat(meanT).isCloseTo(2.0 / 3, within(0.015));
    assertThat(meanH).isCloseTo(0.5, within(0.015));
    assertThat(meanH2 - meanH * meanH).isCloseTo(1.0 / 12, within(0.005));
  }

  @Test
  void batchesArePureFunctionsOfSeedAndStep() {
    BatchSampler s = sampler(TimeSampler.SEED, false, 48, 64);
    Batch a = s.newBatch();
    Batch b = s.newBatch();
    s.fill(a, 7);
    s.fill(b, 8);
    s.fill(b, 7);
    assertThat(b.x0Off).containsExactly(a.x0Off);
    assertThat(b.x1Diag).containsExactly(a.x1Diag);
    assertThat(b.sOff).containsExactly(a.sOff);
    s.fill(b, 8);
    assertThat(b.x0Off).isNotEqualTo(a.x0Off);
  }

  @Test
  void targetsLieOnTheBoard() {
    BatchSampler s = sampler(TimeSampler.SEED, false, 384, 512);
    Batch b = s.newBatch();
    s.fill(b, 1);
    for (int i = 0; i < b.offCount; i++) {
      assertThat(BOARD.contains(b.x1Off[2 * i], b.x1Off[2 * i + 1])).isTrue();
    }
  }

  /**
   * Every array of a batch is drawn: x0 ~ N(0, sigma^2) in both groups (variance 4 here), x1 on the
   * board spread over all 8 kept squares in both groups, diagonal times with mean 1/2.
   */
  @Test
  void everyArrayOfTheBatchIsDrawn() {
    BatchSampler s = new BatchSampler(BOARD, 2.0, 6000, 8000, TimeSampler.SEED, false, 9);
    assertThat(s.diagCount()).isEqualTo(6000);
    assertThat(s.offCount()).isEqualTo(8000);
    Batch b = s.newBatch();
    s.fill(b, 12);
    assertThat(b.step()).isEqualTo(12);
    for (float[] x0 : new float[][] {b.x0Diag, b.x0Off}) {
      double sumSq = 0;
      for (float v : x0) {
        sumSq += (double) v * v;
      }
      // variance of a mean of >= 12000 squares of N(0, 4): sd 4 sqrt(2 / 12000) = 0.05
      assertThat(sumSq / x0.length).isCloseTo(4.0, within(0.25));
    }
    for (float[] x1 : new float[][] {b.x1Diag, b.x1Off}) {
      int[] perSquare = new int[8];
      for (int p = 0; p < x1.length / 2; p++) {
        int square = BOARD.squareOf(x1[2 * p], x1[2 * p + 1]);
        assertThat(square).isNotNegative();
        perSquare[square]++;
      }
      for (int count : perSquare) {
        assertThat(count).isGreaterThan(x1.length / 2 / 16); // 1/8 expected in each
      }
    }
    double meanT = 0;
    for (float t : b.tDiag) {
      meanT += t / (double) b.diagCount;
    }
    assertThat(meanT).isCloseTo(0.5, within(0.02)); // standard error 0.004
  }
}

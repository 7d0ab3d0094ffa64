package dev.flowmap.data;

/**
 * Draws training batches (docs/method.md "Batches"): x0 ~ N(0, sigma^2 I), x1 ~ checkerboard,
 * independent; diagonal times t ~ U[0,1]; off-diagonal times by the {@code seed} sampler
 * (t ~ U, s = U t) or the {@code paper} one (s, t = min, max of two uniforms); PSD split h = 1/2
 * (psd-m) or U[0,1] (psd-u). Batch k is drawn from a generator seeded by (seed, k), so a resumed
 * run draws exactly what an uninterrupted one would.
 */
public final class BatchSampler {
  private static final long STREAM = 0x6261746368L; // "batch"
  private static final long LATE_STREAM = 0x6c617465L; // "late"
  private final Checkerboard board;
  private final double sigma;
  private final TimeSampler times;
  private final boolean uniformSplit;
  private final int diagCount;
  private final int offCount;
  private final long seed;
  private final PairSchedule pairs;
  private final Rng rng = new Rng(0);

  /**
   * Draws batches of {@code diagCount} diagonal and {@code offCount} off-diagonal samples, the
   * off-diagonal times by {@code times} and the PSD split h from U[0, 1] when {@code uniformSplit}
   * (psd-u), else h = 1/2.
   */
  public BatchSampler(Checkerboard board, double sigma, int diagCount, int offCount,
                      TimeSampler times, boolean uniformSplit, long seed) {
    this(board, sigma, diagCount, offCount, times, uniformSplit, seed, PairSchedule.NONE);
  }

  /** As above, the off-diagonal pairs then moved by {@code pairs} (grid pairs, gap curriculum). */
  public BatchSampler(Checkerboard board, double sigma, int diagCount, int offCount,
                      TimeSampler times, boolean uniformSplit, long seed, PairSchedule pairs) {
    this.pairs = pairs;
    this.board = board;
    this.sigma = sigma;
    this.times = times;
    this.uniformSplit = uniformSplit;
    this.diagCount = diagCount;
    this.offCount = offCount;
    this.seed = seed;
  }

  /** A batch of the right sizes, to be filled by {@link #fill}. */
  public Batch newBatch() {
    return new Batch(diagCount, offCount);
  }

  /** Draws batch number {@code step} into {@code b}. */
  public void fill(Batch b, long step) {
    fill(b, step, 0);
  }

  /**
   * Draws batch {@code part} of step {@code step} into {@code b}: part 0 is the step's batch
   * ({@link #fill(Batch, long)}), parts 1, 2, ... the further batches of a late step
   * ({@code train.late_batches}), each from its own generator seeded by (seed, step, part).
   */
  public void fill(Batch b, long step, int part) {
    if (part < 0) {
      throw new IllegalArgumentException("batch part must be >= 0, was " + part);
    }
    long key = Rng.derive(seed, STREAM, step);
    rng.reseed(part == 0 ? key : Rng.derive(key, LATE_STREAM, part));
    b.step = step;
    GaussianSampler.sample(rng, sigma, b.x0Diag, 0, b.diagCount);
    board.sample(rng, b.x1Diag, 0, b.diagCount);
    for (int i = 0; i < b.diagCount; i++) {
      b.tDiag[i] = (float) rng.nextDouble();
    }
    GaussianSampler.sample(rng, sigma, b.x0Off, 0, b.offCount);
    board.sample(rng, b.x1Off, 0, b.offCount);
    for (int i = 0; i < b.offCount; i++) {
      times.draw(rng, b.sOff, b.tOff, i);
      b.hOff[i] = uniformSplit ? (float) rng.nextDouble() : 0.5f;
    }
    pairs.apply(rng, step, b.sOff, b.tOff, b.offCount);
  }

  public int diagCount() {
    return diagCount;
  }

  public int offCount() {
    return offCount;
  }
}

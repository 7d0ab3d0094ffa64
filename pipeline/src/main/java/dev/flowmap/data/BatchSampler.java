package dev.flowmap.data;

/**
 * Draws training batches (METHOD.md "Batches"): x0 ~ N(0, sigma^2 I), x1 ~ checkerboard,
 * independent; diagonal times t ~ U[0,1]; off-diagonal times by the {@code seed} sampler
 * (t ~ U, s = U t) or the {@code paper} one (s, t = min, max of two uniforms); PSD split h = 1/2
 * (psd-m) or U[0,1] (psd-u). Batch k is drawn from a generator seeded by (seed, k), so a resumed
 * run draws exactly what an uninterrupted one would.
 */
public final class BatchSampler {
  private static final long STREAM = 0x6261746368L; // "batch"
  private final Checkerboard board;
  private final double sigma;
  private final boolean paperTimes;
  private final String method;
  private final int diagCount;
  private final int offCount;
  private final long seed;
  private final PairSchedule pairs;
  private final Rng rng = new Rng(0);

  public BatchSampler(Checkerboard board, double sigma, String method, String composition,
                      double eta, String times, int batch, long seed) {
    this(board, sigma, method, composition, eta, times, batch, seed, PairSchedule.NONE);
  }

  /** As above, the off-diagonal pairs then moved by {@code pairs} (grid pairs, gap curriculum). */
  public BatchSampler(Checkerboard board, double sigma, String method, String composition,
                      double eta, String times, int batch, long seed, PairSchedule pairs) {
    this.pairs = pairs;
    this.board = board;
    this.sigma = sigma;
    this.method = method;
    this.paperTimes = "paper".equals(times);
    this.diagCount = diagCount(method, composition, eta, batch);
    this.offCount = offCount(method, composition, eta, batch);
    this.seed = seed;
  }

  /** Diagonal samples per batch: all B for plain flow matching, else round(eta B). */
  public static int diagCount(String method, String composition, double eta, int batch) {
    return "fm".equals(method) ? batch : (int) Math.round(eta * batch);
  }

  /**
   * Off-diagonal samples: B for the seed composition, B - round(eta B) for the notebook's and the
   * paper's, 0 for fm.
   */
  public static int offCount(String method, String composition, double eta, int batch) {
    if ("fm".equals(method)) {
      return 0;
    }
    return "seed".equals(composition) ? batch : batch - (int) Math.round(eta * batch);
  }

  /** A batch of the right sizes, to be filled by {@link #fill}. */
  public Batch newBatch() {
    return new Batch(diagCount, offCount);
  }

  /** Draws batch number {@code step} into {@code b}. */
  public void fill(Batch b, long step) {
    rng.reseed(Rng.derive(seed, STREAM, step));
    b.step = step;
    GaussianSampler.sample(rng, sigma, b.x0Diag, 0, b.diagCount);
    board.sample(rng, b.x1Diag, 0, b.diagCount);
    for (int i = 0; i < b.diagCount; i++) {
      b.tDiag[i] = (float) rng.nextDouble();
    }
    GaussianSampler.sample(rng, sigma, b.x0Off, 0, b.offCount);
    board.sample(rng, b.x1Off, 0, b.offCount);
    boolean uniformH = "psd-u".equals(method);
    for (int i = 0; i < b.offCount; i++) {
      double s;
      double t;
      if (paperTimes) {
        double a = rng.nextDouble();
        double c = rng.nextDouble();
        s = Math.min(a, c);
        t = Math.max(a, c);
      } else {
        t = rng.nextDouble();
        s = rng.nextDouble() * t;
      }
      b.sOff[i] = (float) s;
      b.tOff[i] = (float) t;
      b.hOff[i] = uniformH ? (float) rng.nextDouble() : 0.5f;
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

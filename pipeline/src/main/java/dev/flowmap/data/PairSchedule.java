package dev.flowmap.data;

/**
 * Where off-diagonal time pairs (s, t) go beyond the base time sampler: a share of them on the
 * pairs that N-step sampling jumps, (k/N, (k+1)/N) for N in {@link #GRID} (so (0, 1), the one jump
 * of one-step generation, is among them), and a curriculum on the largest gap t - s, which grows
 * linearly from 0 (diagonal only) at step 0 to 1 at step {@code gapWarmup}.
 *
 * <p>Rows [0, round(gridShare * offCount)) of a batch are grid pairs: N uniform over the grid
 * sizes whose jump 1/N fits under the current largest gap, then k uniform in [0, N). The other
 * rows keep the base sampler's pair with its gap scaled toward t: s' = t - g (t - s), g the largest
 * gap. With neither lever (the default) the pairs and the random stream are the base sampler's.
 */
public final class PairSchedule {
  /** The numbers of sampling steps whose grid pairs are trained: the seed's eval.steps. */
  public static final int[] GRID = {1, 2, 4, 8, 16};
  /** No grid pairs and no curriculum: the base sampler's pairs, untouched. */
  public static final PairSchedule NONE = new PairSchedule(0, 0);

  private final double gridShare;
  private final long gapWarmup;

  /**
   * @param gridShare share of the off-diagonal rows drawn on the sampling grid, in [0, 1]
   * @param gapWarmup steps over which the largest gap grows from 0 to 1; 0 = no curriculum
   */
  public PairSchedule(double gridShare, long gapWarmup) {
    if (!(gridShare >= 0 && gridShare <= 1)) {
      throw new IllegalArgumentException("grid share must be in [0, 1], got " + gridShare);
    }
    if (gapWarmup < 0) {
      throw new IllegalArgumentException("gap warm-up must be >= 0 steps, got " + gapWarmup);
    }
    this.gridShare = gridShare;
    this.gapWarmup = gapWarmup;
  }

  /** Off-diagonal rows of a batch of {@code offCount} that are grid pairs. */
  public int gridRows(int offCount) {
    return (int) Math.round(gridShare * offCount);
  }

  /** The largest gap t - s at training step {@code step}: min(1, step / gapWarmup), 1 without warm-up. */
  public double maxGap(long step) {
    return gapWarmup == 0 ? 1.0 : Math.min(1.0, (double) step / gapWarmup);
  }

  /**
   * The first index of {@link #GRID} whose jump 1/N is at most {@code maxGap}: GRID is sorted by
   * N, so the allowed sizes are GRID[first ..], coarsest first ({@code GRID.length}: none).
   */
  static int firstAllowed(double maxGap) {
    int first = 0;
    while (first < GRID.length && 1.0 / GRID[first] > maxGap) {
      first++;
    }
    return first;
  }

  /** True when this schedule changes nothing (the base sampler's pairs and stream). */
  public boolean isNone() {
    return gridShare == 0 && gapWarmup == 0;
  }

  /**
   * Rewrites the off-diagonal times {@code s[0 .. offCount)} and {@code t[0 .. offCount)} (already
   * drawn by the base sampler) for training step {@code step}, drawing grid pairs from {@code rng}.
   */
  public void apply(Rng rng, long step, float[] s, float[] t, int offCount) {
    if (isNone()) {
      return;
    }
    double gap = maxGap(step);
    int first = firstAllowed(gap);
    int allowed = GRID.length - first;
    int grid = allowed == 0 ? 0 : gridRows(offCount);
    for (int i = 0; i < grid; i++) {
      int n = GRID[first + rng.nextInt(allowed)];
      int k = rng.nextInt(n);
      s[i] = (float) ((double) k / n);
      t[i] = (float) ((double) (k + 1) / n);
    }
    if (gap < 1) {
      for (int i = grid; i < offCount; i++) {
        s[i] = (float) (t[i] - gap * (t[i] - s[i]));
      }
    }
  }
}

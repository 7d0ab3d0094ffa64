package dev.flowmap.eval;

import dev.flowmap.data.Checkerboard;
import dev.flowmap.data.Rng;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The estimator's floor: the histogram KL between two independent target samples of size n
 * (seeded), cached per (cells, cellSize, bins, n, seed) since every N reuses it. About 0.0115
 * at 60 bins and n = 100,000 on the 4 x 4 board, 0.0011 at n = 1,000,000 (docs/method.md). The cache
 * keeps the {@code capacity} floors used last; the compute context owns one per process.
 */
public final class KlFloor {
  private static final long STREAM_P = 0x464C4F4F52L; // "FLOOR"
  private static final long STREAM_Q = STREAM_P + 1;
  private final int capacity;
  private final Map<Key, Double> cache;

  private record Key(int cells, double cellSize, int bins, int n, long seed) {}

  /** An empty cache that keeps at most {@code capacity} floors, the least recently used dropped first. */
  public KlFloor(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, got " + capacity);
    }
    this.capacity = capacity;
    this.cache = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, Double> eldest) {
        return size() > KlFloor.this.capacity;
      }
    };
  }

  /** The floor at sample size {@code n} with the default 60 bins. */
  public double floor(Checkerboard board, int n, long seed) {
    return floor(board, HistogramKl.DEFAULT_BINS, n, seed);
  }

  /** The floor at sample size {@code n} and {@code bins} bins per axis; computed once per key, thread-safe. */
  public synchronized double floor(Checkerboard board, int bins, int n, long seed) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be positive, got " + n);
    }
    Key key = new Key(board.cells(), board.cellSize(), bins, n, seed);
    return cache.computeIfAbsent(key, k -> compute(board, bins, n, seed));
  }

  /** Floors held now (at most the capacity). */
  synchronized int size() {
    return cache.size();
  }

  private static double compute(Checkerboard board, int bins, int n, long seed) {
    float[] p = new float[2 * n];
    float[] q = new float[2 * n];
    board.sample(new Rng(Rng.derive(seed, STREAM_P, n)), p, 0, n);
    board.sample(new Rng(Rng.derive(seed, STREAM_Q, n)), q, 0, n);
    return new HistogramKl(bins).kl(p, n, q, n);
  }
}

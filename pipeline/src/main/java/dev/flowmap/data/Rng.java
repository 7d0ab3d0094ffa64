package dev.flowmap.data;

/**
 * Seedable fast PRNG (xoshiro256**, state filled by SplitMix64), re-seedable in place so the
 * hot path allocates nothing. Not thread-safe: give each stage its own instance.
 */
public final class Rng {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final double DOUBLE_UNIT = 0x1.0p-53;

  private long s0;
  private long s1;
  private long s2;
  private long s3;
  private double spare;
  private boolean hasSpare;

  /** A generator whose whole sequence is fixed by {@code seed}. */
  public Rng(long seed) {
    reseed(seed);
  }

  /** Restarts the sequence as if this were {@code new Rng(seed)}; any cached Gaussian is dropped. */
  public void reseed(long seed) {
    s0 = splitMix64(seed, 0);
    s1 = splitMix64(seed, 1);
    s2 = splitMix64(seed, 2);
    s3 = splitMix64(seed, 3);
    hasSpare = false;
    spare = 0.0;
  }

  /** The next 64 random bits (xoshiro256**). */
  public long nextLong() {
    long result = Long.rotateLeft(s1 * 5, 7) * 9;
    long t = s1 << 17;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = Long.rotateLeft(s3, 45);
    return result;
  }

  /** Uniform on [0, 1), from the top 53 bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * DOUBLE_UNIT;
  }

  /** Uniform on {0, ..., bound - 1}, unbiased (the rejection scheme of {@code java.util.Random}). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    int r = (int) (nextLong() >>> 33);
    int m = bound - 1;
    if ((bound & m) == 0) {
      return (int) ((bound * (long) r) >> 31);
    }
    for (int u = r; u - (r = u % bound) + m < 0; u = (int) (nextLong() >>> 33)) {
      // rejected: u fell in the incomplete last block
    }
    return r;
  }

  /** Standard normal N(0, 1) by Marsaglia's polar method; the second value of a pair is cached. */
  public double nextGaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    double u;
    double v;
    double s;
    do {
      u = 2.0 * nextDouble() - 1.0;
      v = 2.0 * nextDouble() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    double f = Math.sqrt(-2.0 * Math.log(s) / s);
    spare = v * f;
    hasSpare = true;
    return u * f;
  }

  /** A well-mixed child seed for (root seed, stream, index), e.g. (run seed, stage id, step). */
  public static long derive(long seed, long stream, long index) {
    long h = mix(seed + GOLDEN);
    h = mix(h ^ mix(stream + 2 * GOLDEN));
    h = mix(h ^ mix(index + 3 * GOLDEN));
    return h;
  }

  /**
   * Output {@code k} (from 0) of SplitMix64 seeded with {@code seed}: what fills this generator's
   * state, and the seed of batch k of a sample stream.
   */
  public static long splitMix64(long seed, long k) {
    return mix(seed + (k + 1) * GOLDEN);
  }

  /** Sets the raw xoshiro256** state, for known-answer tests against the reference implementation. */
  void setState(long a, long b, long c, long d) {
    s0 = a;
    s1 = b;
    s2 = c;
    s3 = d;
    hasSpare = false;
  }

  /** SplitMix64's finaliser (Stafford variant 13). */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

package dev.flowmap.serve;

import dev.flowmap.sample.Integrator;
import dev.flowmap.sample.SampleGenerator;
import dev.flowmap.wire.BatchSeeds;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/** A test generator: points in [-2, 2)^2 fixed by (seed, steps, ema), counting what it produced. */
final class FakeGenerator implements SampleGenerator {
  final AtomicLong calls = new AtomicLong();
  final AtomicLong points = new AtomicLong();
  volatile String lastThread;
  private final float offset;

  FakeGenerator() {
    this(0f);
  }

  /** Adds {@code offset} to every coordinate, to tell two generators apart. */
  FakeGenerator(float offset) {
    this.offset = offset;
  }

  /** Points that depend on {@code how} too (null: the generator's own integrator). */
  @Override
  public void generate(Integrator how, int steps, boolean ema, long seed, int count, float[] xy) {
    fill(steps, ema, how == null ? seed : seed ^ ((how.ordinal() + 1L) << 40), count, xy);
    for (int i = 0; i < 2 * count; i++) {
      xy[i] += offset;
    }
    lastThread = Thread.currentThread().getName();
    calls.incrementAndGet();
    points.addAndGet(count);
  }

  /** The points {@link #generate} writes (without offset), for expectations. */
  static void fill(int steps, boolean ema, long seed, int count, float[] xy) {
    SplittableRandom r = new SplittableRandom(seed ^ (steps * 0x632BE59BD9B4E019L) ^ (ema ? 1 : 0));
    for (int i = 0; i < 2 * count; i++) {
      xy[i] = (float) (r.nextDouble() * 4 - 2);
    }
  }

  /** The points of a stream of {@code count} samples sent in batches of {@code batch}. */
  static float[] expected(int steps, boolean ema, long seed, int count, int batch) {
    return expected(null, steps, ema, seed, count, batch);
  }

  /** As above, for a stream that asked for {@code how} ({@code integrate=...}). */
  static float[] expected(Integrator how, int steps, boolean ema, long seed, int count, int batch) {
    float[] all = new float[2 * count];
    float[] xy = new float[2 * batch];
    for (int k = 0; (long) k * batch < count; k++) {
      int n = Math.min(batch, count - k * batch);
      long s = BatchSeeds.of(seed, k);
      fill(steps, ema, how == null ? s : s ^ ((how.ordinal() + 1L) << 40), n, xy);
      System.arraycopy(xy, 0, all, 2 * k * batch, 2 * n);
    }
    return all;
  }
}

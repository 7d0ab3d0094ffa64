package dev.flowmap.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flowmap.data.GaussianSampler;
import dev.flowmap.data.Rng;
import dev.flowmap.model.Activation;
import dev.flowmap.model.FlowMapMlp;
import dev.flowmap.model.KnownFields;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** Which weights, sigma, integrator and chunking a snapshot generator samples with. */
class SnapshotGeneratorTest {
  private static final int COUNT = 45; // two full chunks of 20 and a partial one

  /** v = d, a constant field: any integrator moves every point by d over [0, 1]. */
  private static FlowMapMlp shift(double d) {
    return KnownFields.affine(Activation.SILU, DataType.DOUBLE, 0, 0, 0, d, -d);
  }

  private static float[] noise(double sigma, long seed) {
    float[] x0 = new float[2 * COUNT];
    GaussianSampler.sample(new Rng(seed), sigma, x0, 0, COUNT);
    return x0;
  }

  /** Asserts xy = x0 + (d, -d) row by row. */
  private static void assertShifted(float[] xy, float[] x0, double d) {
    for (int i = 0; i < COUNT; i++) {
      assertThat((double) xy[2 * i]).isCloseTo(x0[2 * i] + d, within(1e-5));
      assertThat((double) xy[2 * i + 1]).isCloseTo(x0[2 * i + 1] - d, within(1e-5));
    }
  }

  @Test
  void samplesTheRawOrTheEmaWeightsAndPicksUpPublishedOnes() {
    SnapshotGenerator.Weights first = new SnapshotGenerator.Weights(shift(0.5), shift(-0.25), 10);
    SnapshotGenerator g = new SnapshotGenerator(first, 1.0, Integrator.MAP, 20);
    assertThat(g.weights()).isSameAs(first);
    float[] xy = new float[2 * COUNT];
    g.generate(2, false, 7, COUNT, xy);
    assertShifted(xy, noise(1.0, 7), 0.5);
    g.generate(2, true, 7, COUNT, xy);
    assertShifted(xy, noise(1.0, 7), -0.25);

    SnapshotGenerator.Weights second = new SnapshotGenerator.Weights(shift(1.5), shift(2.0), 20);
    g.publish(second);
    assertThat(g.weights()).isSameAs(second);
    g.generate(3, false, 8, COUNT, xy);
    assertShifted(xy, noise(1.0, 8), 1.5);
    g.generate(3, true, 8, COUNT, xy);
    assertShifted(xy, noise(1.0, 8), 2.0);
  }

  /** A per-call integrator (the /samples {@code integrate} parameter) overrides the generator's own. */
  @Test
  void aPerCallIntegratorOverridesItsOwn() {
    double p = 0.6;
    double q = -1.4;
    FlowMapMlp timeField = KnownFields.affine(Activation.GELU, DataType.DOUBLE, 0, p, q, 0, 0);
    SnapshotGenerator g = new SnapshotGenerator(new SnapshotGenerator.Weights(timeField, timeField, 1),
        1.0, Integrator.MAP, 20);
    float[] xy = new float[2 * COUNT];
    float[] x0 = noise(1.0, 3);
    g.generate(Integrator.HEUN, 4, false, 3, COUNT, xy);
    for (int i = 0; i < 2 * COUNT; i++) {
      assertThat((double) xy[i]).isCloseTo(x0[i] + (p + q) / 2, within(1e-5));
    }
    g.generate(Integrator.EULER, 4, false, 3, COUNT, xy); // b at t_k = 0, 1/4, 2/4, 3/4
    for (int i = 0; i < 2 * COUNT; i++) {
      assertThat((double) xy[i]).isCloseTo(x0[i] + (p + q) * 3 / 8, within(1e-5));
    }
    g.generate(null, 4, false, 3, COUNT, xy);
    for (int i = 0; i < 2 * COUNT; i++) {
      assertThat((double) xy[i]).isCloseTo(x0[i] + p * 3 / 8 + q * 5 / 8, within(1e-5));
    }
  }

  /**
   * v = p s + q t: the given integrator decides the move (Heun's trapezoid is exact, (p + q) / 2;
   * the map moves by p (N - 1) / 2N + q (N + 1) / 2N), and sigma scales the base noise.
   */
  @Test
  void usesItsSigmaAndIntegrator() {
    double p = 0.6;
    double q = -1.4;
    FlowMapMlp timeField = KnownFields.affine(Activation.GELU, DataType.DOUBLE, 0, p, q, 0, 0);
    SnapshotGenerator.Weights w = new SnapshotGenerator.Weights(timeField, timeField, 1);
    float[] xy = new float[2 * COUNT];
    new SnapshotGenerator(w, 2.5, Integrator.HEUN, 20).generate(4, false, 3, COUNT, xy);
    float[] x0 = noise(2.5, 3);
    for (int i = 0; i < 2 * COUNT; i++) {
      assertThat((double) xy[i]).isCloseTo(x0[i] + (p + q) / 2, within(1e-5));
    }
    new SnapshotGenerator(w, 2.5, Integrator.MAP, 20).generate(4, false, 3, COUNT, xy);
    for (int i = 0; i < 2 * COUNT; i++) {
      assertThat((double) xy[i]).isCloseTo(x0[i] + p * 3 / 8 + q * 5 / 8, within(1e-5));
    }
  }

  @Test
  void threadsGetTheSameSamplesFromTheirOwnSamplers() throws Exception {
    SnapshotGenerator g = new SnapshotGenerator(
        new SnapshotGenerator.Weights(shift(0.5), shift(0.5), 1), 1.0, Integrator.EULER, 20);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      java.util.List<Future<float[]>> results = new java.util.ArrayList<>();
      for (int k = 0; k < 3; k++) {
        results.add(pool.submit(() -> {
          float[] xy = new float[2 * COUNT];
          g.generate(2, true, 5, COUNT, xy);
          return xy;
        }));
      }
      for (Future<float[]> f : results) {
        assertShifted(f.get(), noise(1.0, 5), 0.5);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}

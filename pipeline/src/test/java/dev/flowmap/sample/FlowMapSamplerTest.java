package dev.flowmap.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.flowmap.data.GaussianSampler;
import dev.flowmap.data.Rng;
import dev.flowmap.model.Activation;
import dev.flowmap.model.FlowMapMlp;
import dev.flowmap.model.KnownFields;
import dev.flowmap.model.MlpPass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** N-step generation against hand-composed maps and fields with known flows. */
class FlowMapSamplerTest {
  private static final int COUNT = 37; // not a multiple of the chunk: exercises the last chunk

  /** A network whose velocity is the constant c everywhere: all weights zero, output bias c. */
  private static FlowMapMlp constantField(double cx, double cy) {
    FlowMapMlp net = FlowMapMlp.create(8, 2, Activation.SILU, DataType.DOUBLE, 1, 1, 1);
    INDArray p = net.params();
    p.assign(0);
    p.putScalar(p.length() - 2, cx);
    p.putScalar(p.length() - 1, cy);
    return net;
  }

  @ParameterizedTest
  @EnumSource(Integrator.class)
  void constantFieldMovesEveryPointByC(Integrator integrator) {
    FlowMapSampler s = new FlowMapSampler(constantField(0.3, -0.7), 1.0, integrator, 16);
    float[] xy = new float[2 * COUNT];
    s.generate(5, 11, COUNT, xy);
    float[] x0 = new float[2 * COUNT];
    Rng rng = new Rng(11);
    for (int done = 0; done < COUNT; done += 16) {
      GaussianSampler.sample(rng, 1.0, x0, done, Math.min(16, COUNT - done));
    }
    for (int i = 0; i < COUNT; i++) {
      assertThat(xy[2 * i]).isCloseTo(x0[2 * i] + 0.3f, within(1e-5f));
      assertThat(xy[2 * i + 1]).isCloseTo(x0[2 * i + 1] - 0.7f, within(1e-5f));
    }
  }

  /**
   * A stop is asked before each pass: generation ends after the passes already begun and says it
   * was cut short; with no stop it makes the same samples as the plain call.
   */
  @Test
  void aStopEndsGenerationAtTheNextPass() {
    FlowMapSampler s = new FlowMapSampler(constantField(0.3, -0.7), 1.0, Integrator.MAP, 16);
    float[] plain = new float[2 * COUNT];
    s.generate(2, 11, COUNT, plain);
    float[] unstopped = new float[2 * COUNT];
    assertThat(s.generate(2, 11, COUNT, unstopped, () -> false)).isTrue();
    assertThat(unstopped).containsExactly(plain);

    int[] asked = {0};
    float[] cut = new float[2 * COUNT];
    assertThat(s.generate(2, 11, COUNT, cut, () -> ++asked[0] > 2)).isFalse();
    assertThat(asked[0]).as("asked before passes 1, 2 and 3").isEqualTo(3);
    assertThat(java.util.Arrays.copyOf(cut, 2 * 32)).containsExactly(java.util.Arrays.copyOf(plain, 2 * 32));
    assertThat(java.util.Arrays.copyOfRange(cut, 2 * 32, 2 * COUNT)).containsOnly(0f);
  }

  @Test
  void nStepsComposeTheMapOnTheUniformGrid() {
    FlowMapMlp net = FlowMapMlp.create(8, 2, Activation.GELU, DataType.DOUBLE, 1, 1, 5);
    FlowMapSampler s = new FlowMapSampler(net, 1.0, Integrator.MAP, 64);
    float[] xy = new float[2 * COUNT];
    s.generate(3, 9, COUNT, xy);

    float[] x0 = new float[2 * COUNT];
    GaussianSampler.sample(new Rng(9), 1.0, x0, 0, COUNT);
    INDArray x = Nd4j.create(DataType.DOUBLE, COUNT, 2);
    for (int i = 0; i < 2 * COUNT; i++) {
      x.putScalar(i / 2, i % 2, x0[i]);
    }
    MlpPass pass = new MlpPass(net, COUNT, false, false);
    for (int k = 0; k < 3; k++) {
      pass.setInputs(x, k / 3.0, (k + 1) / 3.0);
      pass.forward();
      x = x.add(pass.v().mul(1.0 / 3));
    }
    for (int i = 0; i < COUNT; i++) {
      assertThat((double) xy[2 * i]).isCloseTo(x.getDouble(i, 0), within(1e-5));
      assertThat((double) xy[2 * i + 1]).isCloseTo(x.getDouble(i, 1), within(1e-5));
    }
  }

  /** The base noise the sampler draws for {@code seed} (one chunk of at least COUNT rows). */
  private static float[] noise(long seed) {
    float[] x0 = new float[2 * COUNT];
    GaussianSampler.sample(new Rng(seed), 1.0, x0, 0, COUNT);
    return x0;
  }

  private static float[] generate(FlowMapMlp net, Integrator integrator, int steps) {
    float[] xy = new float[2 * COUNT];
    new FlowMapSampler(net, 1.0, integrator, 64).generate(steps, 21, COUNT, xy);
    return xy;
  }

  /** max_i |xy_i - factor * x0_i| over the COUNT points. */
  private static double maxError(float[] xy, float[] x0, double factor) {
    double e = 0;
    for (int i = 0; i < xy.length; i++) {
      e = Math.max(e, Math.abs(xy[i] - factor * x0[i]));
    }
    return e;
  }

  /**
   * x' = a x, exact flow x0 e^a: N Euler steps give x0 (1 + a/N)^N (error O(1/N)), N Heun steps
   * x0 (1 + a/N + (a/N)^2 / 2)^N (error O(1/N^2)), and the map, whose v ignores s and t, Euler's.
   */
  @ParameterizedTest
  @EnumSource(Activation.class)
  void linearFieldGivesEachIntegratorsClosedFormAndOrder(Activation act) {
    double a = 0.8;
    FlowMapMlp net = KnownFields.affine(act, DataType.DOUBLE, a, 0, 0, 0, 0);
    float[] x0 = noise(21);
    for (int steps : new int[] {1, 3, 8}) {
      double h = a / steps;
      assertThat(maxError(generate(net, Integrator.EULER, steps), x0, Math.pow(1 + h, steps)))
          .as("euler, %d steps", steps).isLessThan(2e-5);
      assertThat(maxError(generate(net, Integrator.HEUN, steps), x0, Math.pow(1 + h + h * h / 2, steps)))
          .as("heun, %d steps", steps).isLessThan(2e-5);
      assertThat(maxError(generate(net, Integrator.MAP, steps), x0, Math.pow(1 + h, steps)))
          .as("map, %d steps", steps).isLessThan(2e-5);
    }
    double exact = Math.exp(a);
    double euler8 = maxError(generate(net, Integrator.EULER, 8), x0, exact);
    double euler16 = maxError(generate(net, Integrator.EULER, 16), x0, exact);
    double heun8 = maxError(generate(net, Integrator.HEUN, 8), x0, exact);
    double heun16 = maxError(generate(net, Integrator.HEUN, 16), x0, exact);
    assertThat(euler8 / euler16).as("euler: halving the step halves the error").isBetween(1.8, 2.2);
    assertThat(heun8 / heun16).as("heun: halving the step quarters the error").isBetween(3.5, 4.5);
    assertThat(heun16).isLessThan(euler16 / 10);
  }

  /**
   * v = p s + q t (no x): Euler evaluates b at t_k, so N steps move by (p + q)(N - 1)/(2N); Heun's
   * trapezoid is exact for a field linear in t, (p + q)/2; the map evaluates v_{t_k, t_k+1}, so
   * p (N - 1)/(2N) + q (N + 1)/(2N). Each integrator's times are pinned, s and t not swapped.
   */
  @Test
  void timeFieldPinsWhichTimesEachStepEvaluates() {
    double p = 0.6;
    double q = -1.4;
    FlowMapMlp net = KnownFields.affine(Activation.GELU, DataType.DOUBLE, 0, p, q, 0, 0);
    float[] x0 = noise(21);
    int n = 4;
    double euler = (p + q) * (n - 1) / (2.0 * n);
    double heun = (p + q) / 2;
    double map = p * (n - 1) / (2.0 * n) + q * (n + 1) / (2.0 * n);
    float[] e = generate(net, Integrator.EULER, n);
    float[] h = generate(net, Integrator.HEUN, n);
    float[] m = generate(net, Integrator.MAP, n);
    for (int i = 0; i < 2 * COUNT; i++) {
      assertThat((double) e[i]).isCloseTo(x0[i] + euler, within(1e-5));
      assertThat((double) h[i]).isCloseTo(x0[i] + heun, within(1e-5));
      assertThat((double) m[i]).isCloseTo(x0[i] + map, within(1e-5));
    }
  }

  @Test
  void sigmaScalesTheBaseNoise() {
    FlowMapMlp still = KnownFields.affine(Activation.SILU, DataType.DOUBLE, 0, 0, 0, 0, 0);
    float[] xy = new float[2 * COUNT];
    new FlowMapSampler(still, 2.5, Integrator.MAP, 64).generate(1, 21, COUNT, xy);
    float[] x0 = new float[2 * COUNT];
    GaussianSampler.sample(new Rng(21), 2.5, x0, 0, COUNT);
    assertThat(maxError(xy, x0, 1)).isLessThan(1e-6);
    assertThat(maxError(xy, noise(21), 2.5)).isLessThan(1e-5);
  }

  @Test
  void fewerThanOneStepIsRejected() {
    FlowMapSampler s = new FlowMapSampler(constantField(0, 0), 1.0, Integrator.MAP, 8);
    assertThatThrownBy(() -> s.generate(0, 1, 4, new float[8]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
  }

  @Test
  void sameSeedSameSamplesOtherSeedOthers() {
    FlowMapMlp net = FlowMapMlp.create(8, 2, Activation.SILU, DataType.FLOAT, 1, 1, 5);
    FlowMapSampler s = new FlowMapSampler(net, 1.0, Integrator.HEUN, 16);
    float[] a = new float[2 * COUNT];
    float[] b = new float[2 * COUNT];
    s.generate(2, 3, COUNT, a);
    s.generate(2, 3, COUNT, b);
    assertThat(b).containsExactly(a);
    s.generate(2, 4, COUNT, b);
    assertThat(b).isNotEqualTo(a);
  }

  /** After a first call, generating (every integrator, several chunks) creates no native buffer or op context. */
  @ParameterizedTest
  @EnumSource(Integrator.class)
  void generationAllocatesNothingOffHeap(Integrator integrator) {
    FlowMapMlp net = FlowMapMlp.create(16, 3, Activation.SILU, DataType.FLOAT, 0.5, 2, 5);
    FlowMapSampler s = new FlowMapSampler(net, 1.0, integrator, 64);
    float[] xy = new float[2 * 200];
    s.generate(2, 1, 200, xy);
    long before = Nd4j.getDeallocatorService().nextValue();
    for (int seed = 2; seed < 12; seed++) {
      s.generate(3, seed, 200, xy);
    }
    assertThat(Nd4j.getDeallocatorService().nextValue() - before - 1).isZero();
  }
}

package dev.flowmap.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flowmap.data.GaussianSampler;
import dev.flowmap.data.Rng;
import dev.flowmap.model.Activation;
import dev.flowmap.model.FlowMapMlp;
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

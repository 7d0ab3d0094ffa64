package dev.flowmap.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The network's forward pass against a plain-Java double MLP over the documented flat layout
 * (per layer: W row-major in x out, then b), its PyTorch-style initialisation, the tanh form of
 * GELU and the data-std input and output scales.
 */
class FlowMapMlpTest {
  private static final double K = Math.sqrt(2 / Math.PI);

  private static double silu(double a) {
    return a / (1 + Math.exp(-a));
  }

  private static double geluTanh(double a) {
    return 0.5 * a * (1 + Math.tanh(K * (a + 0.044715 * a * a * a)));
  }

  /** v(x, s, t) for one row by loops over the flat parameter vector. */
  private static double[] reference(FlowMapMlp net, double x, double y, double s, double t) {
    double[] p = net.params().castTo(DataType.DOUBLE).toDoubleVector();
    double[] h = {x * net.inScale(), y * net.inScale(), s, t};
    int off = 0;
    for (int l = 0; l <= net.depth(); l++) {
      int in = h.length;
      int out = l == net.depth() ? 2 : net.width();
      double[] a = new double[out];
      for (int j = 0; j < out; j++) {
        double sum = p[off + in * out + j];
        for (int i = 0; i < in; i++) {
          sum += h[i] * p[off + i * out + j];
        }
        a[j] = l == net.depth() ? sum * net.outScale()
            : net.activation() == Activation.SILU ? silu(sum) : geluTanh(sum);
      }
      off += in * out + out;
      h = a;
    }
    return h;
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void forwardMatchesAPlainJavaMlp(Activation act) {
    FlowMapMlp net = FlowMapMlp.create(9, 3, act, DataType.DOUBLE, 0.7, 1.6, 123);
    int n = 11;
    SplittableRandom r = new SplittableRandom(5);
    INDArray x = Nd4j.create(DataType.DOUBLE, n, 2);
    INDArray s = Nd4j.create(DataType.DOUBLE, n, 1);
    INDArray t = Nd4j.create(DataType.DOUBLE, n, 1);
    for (int i = 0; i < n; i++) {
      x.putScalar(i, 0, 6 * r.nextDouble() - 3);
      x.putScalar(i, 1, 6 * r.nextDouble() - 3);
      s.putScalar(i, 0, r.nextDouble());
      t.putScalar(i, 0, r.nextDouble());
    }
    MlpPass pass = new MlpPass(net, n, false, false);
    pass.setInputs(x, s, t);
    pass.forward();
    for (int i = 0; i < n; i++) {
      double[] want = reference(net, x.getDouble(i, 0), x.getDouble(i, 1), s.getDouble(i, 0), t.getDouble(i, 0));
      assertThat(pass.v().getDouble(i, 0)).as("row %d", i).isCloseTo(want[0], within(1e-12));
      assertThat(pass.v().getDouble(i, 1)).as("row %d", i).isCloseTo(want[1], within(1e-12));
    }
    // the same times for every row (the sampler's entry point)
    pass.setInputs(x, 0.25, 0.75);
    pass.forward();
    double[] want = reference(net, x.getDouble(3, 0), x.getDouble(3, 1), 0.25, 0.75);
    assertThat(pass.v().getDouble(3, 1)).isCloseTo(want[1], within(1e-12));
  }

  /** One hidden unit a = x fed straight to the first output: v_0 = f(x). */
  private static double activationThroughTheNetwork(Activation act, double x) {
    FlowMapMlp net = KnownFields.affine(act, DataType.DOUBLE, 0, 0, 0, 0, 0);
    INDArray p = net.params();
    int w1 = FlowMapMlp.INPUTS * 8 + 8;
    p.putScalar(w1, 1.0); // unit 0 (= f(x_0)) to output 0
    MlpPass pass = new MlpPass(net, 1, false, false);
    pass.setInputs(Nd4j.createFromArray(new double[][] {{x, 0}}), 0.5, 0.5);
    pass.forward();
    return pass.v().getDouble(0, 0);
  }

  @Test
  void activationsAreSiluAndTheTanhFormOfGelu() {
    // golden values: silu(1) = 1/(1+e^-1); tanh-form gelu(1) = 0.841192 (the erf form is 0.841345)
    assertThat(activationThroughTheNetwork(Activation.SILU, 1.0)).isCloseTo(0.7310585786300049, within(1e-12));
    assertThat(activationThroughTheNetwork(Activation.GELU, 1.0)).isCloseTo(0.8411919906082768, within(1e-12));
    assertThat(activationThroughTheNetwork(Activation.GELU, -2.0)).isCloseTo(geluTanh(-2.0), within(1e-12));
    assertThat(activationThroughTheNetwork(Activation.SILU, -2.0)).isCloseTo(silu(-2.0), within(1e-12));
  }

  /** PyTorch's nn.Linear default: every weight and bias uniform in +-1/sqrt(fan_in). */
  @Test
  void initialisationIsUniformWithinOneOverSqrtFanIn() {
    int width = 64;
    int depth = 2;
    FlowMapMlp net = FlowMapMlp.create(width, depth, Activation.SILU, DataType.DOUBLE, 1, 1, 9);
    double[] p = net.params().toDoubleVector();
    assertThat((long) p.length).isEqualTo(FlowMapMlp.parameterCount(width, depth))
        .isEqualTo(4 * 64 + 64 + 64 * 64 + 64 + 64 * 2 + 2);
    int off = 0;
    for (int l = 0; l <= depth; l++) {
      int in = l == 0 ? 4 : width;
      int out = l == depth ? 2 : width;
      double bound = 1 / Math.sqrt(in);
      int count = in * out + out;
      double max = 0;
      double sum = 0;
      double sq = 0;
      for (int i = off; i < off + count; i++) {
        max = Math.max(max, Math.abs(p[i]));
        sum += p[i];
        sq += p[i] * p[i];
      }
      assertThat(max).as("layer %d", l).isLessThanOrEqualTo(bound).isGreaterThan(0.9 * bound);
      if (count > 1000) { // the uniform's mean 0 and variance bound^2/3, to 5 standard errors
        double sd = bound / Math.sqrt(3);
        assertThat(sum / count).as("layer %d mean", l).isCloseTo(0, within(5 * sd / Math.sqrt(count)));
        assertThat(sq / count / (sd * sd)).as("layer %d variance ratio", l).isCloseTo(1, within(0.1));
      }
      off += count;
    }
    assertThat(FlowMapMlp.create(width, depth, Activation.SILU, DataType.DOUBLE, 1, 1, 9).params())
        .isEqualTo(net.params());
    assertThat(FlowMapMlp.create(width, depth, Activation.SILU, DataType.DOUBLE, 1, 1, 10).params())
        .isNotEqualTo(net.params());
  }

  /** With scales, v(x) = outScale * f(inScale * x): the data-std network sees x / std and outputs std v. */
  @Test
  void inputAndOutputScalesWrapTheUnscaledNetwork() {
    FlowMapMlp plain = FlowMapMlp.create(8, 2, Activation.GELU, DataType.DOUBLE, 1, 1, 4);
    double std = 1.7;
    FlowMapMlp scaled = FlowMapMlp.create(8, 2, Activation.GELU, DataType.DOUBLE, 1 / std, std, 4);
    assertThat(scaled.params()).isEqualTo(plain.params());
    INDArray x = Nd4j.createFromArray(new double[][] {{1.2, -0.4}, {-2.5, 3.0}});
    INDArray xs = x.div(std);
    MlpPass a = new MlpPass(scaled, 2, false, false);
    a.setInputs(x, 0.2, 0.6);
    a.forward();
    MlpPass b = new MlpPass(plain, 2, false, false);
    b.setInputs(xs, 0.2, 0.6);
    b.forward();
    INDArray want = b.v().mul(std);
    assertThat(a.v().sub(want).amaxNumber().doubleValue()).isLessThan(1e-12);
    assertThat(want.amaxNumber().doubleValue()).isGreaterThan(1e-3);
  }

  @Test
  void withParamsSharesTheArchitectureAndSnapshotDetaches() {
    FlowMapMlp net = FlowMapMlp.create(8, 2, Activation.SILU, DataType.DOUBLE, 0.5, 2, 4);
    FlowMapMlp copy = net.snapshot();
    net.params().addi(1);
    assertThat(copy.params()).isNotEqualTo(net.params());
    assertThat(copy.width()).isEqualTo(8);
    assertThat(copy.depth()).isEqualTo(2);
    assertThat(copy.inScale()).isEqualTo(0.5);
    assertThat(copy.outScale()).isEqualTo(2);
    assertThat(copy.activation()).isEqualTo(Activation.SILU);
    assertThatThrownBy(() -> net.withParams(Nd4j.create(DataType.DOUBLE, 3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 3");
    assertThat(net.forwardFlops(10)).isEqualTo(2 * 10 * (4 * 8 + 8 * 8 + 8 * 2));
  }
}

package dev.flowmap.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Tangents and gradients of the network against central finite differences, in double precision. */
class MlpPassTest {
  private static final int N = 5;
  private static final double H = 1e-6;

  private static FlowMapMlp net(Activation act) {
    return FlowMapMlp.create(7, 3, act, DataType.DOUBLE, 0.8, 1.3, 42);
  }

  private static INDArray rand(long seed, long... shape) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.rand(DataType.DOUBLE, shape).subi(0.5).muli(3);
  }

  private static INDArray eval(FlowMapMlp net, INDArray x, INDArray s, INDArray t) {
    MlpPass p = new MlpPass(net, N, false, false);
    p.setInputs(x, s, t);
    p.forward();
    return p.v().dup();
  }

  /** A network that also reads 3 Fourier frequencies of x (inputs 4 + 6). */
  private static FlowMapMlp fourierNet(Activation act) {
    return FlowMapMlp.create(7, 3, act, DataType.DOUBLE, 0.8, 1.3, FourierFeatures.draw(3, 0.7, 5), 42);
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void tangentsMatchFiniteDifferences(Activation act) {
    checkTangents(net(act));
  }

  /** The x tangent goes through the features' own tangents (cos and -sin times 2 pi B x_dot). */
  @ParameterizedTest
  @EnumSource(Activation.class)
  void withFourierFeaturesTangentsAndGradientsMatchFiniteDifferences(Activation act) {
    FlowMapMlp net = fourierNet(act);
    assertThat(net.inputs()).isEqualTo(10);
    assertThat(net.params().length()).isEqualTo(FlowMapMlp.parameterCount(7, 3, 10));
    checkTangents(net);
    checkGradients(net, act);
  }

  /**
   * With t read as the gap t - s, or with sin and cos of s and t at 3 octaves (beside 2 Fourier
   * frequencies of x), the tangents along t, s and x and the gradients through them still match
   * finite differences of the whole pass.
   */
  @ParameterizedTest
  @EnumSource(TimeInput.class)
  void withTimeFeaturesTangentsAndGradientsMatchFiniteDifferences(TimeInput time) {
    FlowMapMlp net = FlowMapMlp.create(7, 2, Activation.GELU, DataType.DOUBLE, 0.8, 1.3,
        FourierFeatures.draw(2, 0.7, 5).withTime(time, 3), 42);
    assertThat(net.inputs()).isEqualTo(4 + 4 + (time == TimeInput.FOURIER ? 12 : 0));
    checkTangents(net);
    checkGradients(net, Activation.GELU);
  }

  /** The gap input: v at (s, t) equals the raw-time network's v at (s, t - s), same weights. */
  @Test
  void theGapInputIsTMinusS() {
    FlowMapMlp raw = net(Activation.SILU);
    FlowMapMlp gap = raw.withFourier(FourierFeatures.NONE.withTime(TimeInput.GAP, 4));
    INDArray x = rand(1, N, 2);
    INDArray s = rand(2, N, 1).muli(0.2).addi(0.3);
    INDArray t = rand(3, N, 1).muli(0.2).addi(0.7);
    assertClose(eval(gap, x, s, t), eval(raw, x, s, t.sub(s)), 1e-15);
  }

  /** The features feed the first layer: other frequencies, other velocities; the same, the same bits. */
  @Test
  void theFrequenciesChangeTheVelocity() {
    FlowMapMlp net = fourierNet(Activation.SILU);
    INDArray x = rand(1, N, 2);
    INDArray s = rand(2, N, 1).muli(0.2).addi(0.3);
    INDArray t = rand(3, N, 1).muli(0.2).addi(0.7);
    INDArray v = eval(net, x, s, t);
    assertThat(eval(net.withFourier(FourierFeatures.draw(3, 0.7, 5)), x, s, t)).isEqualTo(v);
    double moved = eval(net.withFourier(FourierFeatures.draw(3, 0.7, 6)), x, s, t).sub(v).amaxNumber().doubleValue();
    assertThat(moved).isGreaterThan(1e-3);
  }

  /**
   * Sampling sets one (s, t) for every row through its own setInputs; with Fourier features it must
   * refill them from the new x, giving what per-row times give on a fresh pass.
   */
  @ParameterizedTest
  @EnumSource(Activation.class)
  void sharedTimesRefillTheFourierFeaturesOfTheNewX(Activation act) {
    FlowMapMlp net = fourierNet(act);
    MlpPass pass = new MlpPass(net, N, false, false);
    pass.setInputs(rand(7, N, 2), rand(8, N, 1), rand(9, N, 1));
    pass.forward();
    INDArray x = rand(1, N, 2);
    pass.setInputs(x, 0.25, 0.75);
    pass.forward();
    INDArray want = eval(net, x, Nd4j.valueArrayOf(new long[] {N, 1}, 0.25, DataType.DOUBLE),
        Nd4j.valueArrayOf(new long[] {N, 1}, 0.75, DataType.DOUBLE));
    assertThat(pass.v()).isEqualTo(want);
  }

  @Test
  void aPassBuiltWithoutTangentsRefusesOneButTakesNone() {
    MlpPass pass = new MlpPass(net(Activation.SILU), N, false, false);
    pass.setTangent(Tangent.NONE, null);
    for (Tangent kind : new Tangent[] {Tangent.T, Tangent.S, Tangent.X}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> pass.setTangent(kind, rand(4, N, 2)))
          .isInstanceOf(IllegalStateException.class).hasMessage("this pass was built without tangents");
    }
  }

  private static void checkTangents(FlowMapMlp net) {
    INDArray x = rand(1, N, 2);
    INDArray s = rand(2, N, 1).muli(0.2).addi(0.3);
    INDArray t = rand(3, N, 1).muli(0.2).addi(0.7);
    INDArray dir = rand(4, N, 2);
    MlpPass pass = new MlpPass(net, N, true, false);
    pass.setInputs(x, s, t);

    pass.setTangent(Tangent.T, null);
    pass.forward();
    INDArray fdT = eval(net, x, s, t.add(H)).subi(eval(net, x, s, t.sub(H))).divi(2 * H);
    assertClose(pass.vdot(), fdT, 1e-7);

    pass.setTangent(Tangent.S, null);
    pass.forward();
    INDArray fdS = eval(net, x, s.add(H), t).subi(eval(net, x, s.sub(H), t)).divi(2 * H);
    assertClose(pass.vdot(), fdS, 1e-7);

    pass.setTangent(Tangent.X, dir);
    pass.forward();
    INDArray fdX = eval(net, x.add(dir.mul(H)), s, t).subi(eval(net, x.sub(dir.mul(H)), s, t)).divi(2 * H);
    assertClose(pass.vdot(), fdX, 1e-7);

    pass.setTangent(Tangent.NONE, null);
    pass.forward();
    assertClose(pass.v(), eval(net, x, s, t), 1e-12);
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void gradientThroughPrimalAndTangentMatchesFiniteDifferences(Activation act) {
    checkGradients(net(act), act);
  }

  private static void checkGradients(FlowMapMlp net, Activation act) {
    INDArray x = rand(5, N, 2);
    INDArray s = rand(6, N, 1).muli(0.2).addi(0.3);
    INDArray t = rand(7, N, 1).muli(0.2).addi(0.7);
    INDArray c1 = rand(8, N, 2);
    INDArray c2 = rand(9, N, 2);
    for (Tangent mode : new Tangent[] {Tangent.NONE, Tangent.T, Tangent.S, Tangent.X}) {
      MlpPass pass = new MlpPass(net, N, true, true);
      Gradient grad = new Gradient(net);
      pass.setInputs(x, s, t);
      pass.setTangent(mode, c1);
      pass.forward();
      pass.gradV().assign(c1);
      if (mode != Tangent.NONE) {
        pass.gradVdot().assign(c2);
      }
      pass.backward(grad);

      INDArray params = net.params();
      for (long i = 0; i < params.length(); i++) {
        double orig = params.getDouble(i);
        params.putScalar(i, orig + H);
        double up = objective(pass, x, s, t, mode, c1, c2);
        params.putScalar(i, orig - H);
        double down = objective(pass, x, s, t, mode, c1, c2);
        params.putScalar(i, orig);
        double fd = (up - down) / (2 * H);
        assertThat(grad.flat().getDouble(i))
            .as("%s %s parameter %d", act, mode, i)
            .isCloseTo(fd, org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, Math.abs(fd))));
      }
    }
  }

  private static double objective(MlpPass pass, INDArray x, INDArray s, INDArray t, Tangent mode,
                                  INDArray c1, INDArray c2) {
    pass.setInputs(x, s, t);
    pass.setTangent(mode, c1);
    pass.forward();
    double l = pass.v().mul(c1).sumNumber().doubleValue();
    if (mode != Tangent.NONE) {
      l += pass.vdot().mul(c2).sumNumber().doubleValue();
    }
    return l;
  }

  static void assertClose(INDArray actual, INDArray expected, double tol) {
    double err = actual.sub(expected).amaxNumber().doubleValue();
    assertThat(err).as("max abs error").isLessThan(tol);
  }
}

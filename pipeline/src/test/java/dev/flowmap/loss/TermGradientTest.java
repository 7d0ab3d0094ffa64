package dev.flowmap.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flowmap.model.Activation;
import dev.flowmap.model.FlowMapMlp;
import dev.flowmap.model.Gradient;
import dev.flowmap.model.MlpPass;
import dev.flowmap.model.Tangent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Each objective's loss and gradient against an independent computation in double precision:
 * the stop-gradient targets are computed once at the starting weights with plain forward passes,
 * the student's time derivatives by central differences in t or s, and the gradient w.r.t. every
 * weight by central differences of that frozen-target loss.
 */
class TermGradientTest {
  private static final int N = 6;
  private static final double W = 0.37;

  private static FlowMapMlp net() {
    return FlowMapMlp.create(6, 2, Activation.SILU, DataType.DOUBLE, 1.0, 1.0, 7);
  }

  private static Group group(long seed, boolean equalGaps) {
    Nd4j.getRandom().setSeed(seed);
    Group g = new Group(DataType.DOUBLE, N);
    g.x0.assign(Nd4j.randn(DataType.DOUBLE, N, 2));
    g.x1.assign(Nd4j.rand(DataType.DOUBLE, N, 2).subi(0.5).muli(4));
    INDArray a = Nd4j.rand(DataType.DOUBLE, N, 1).muli(0.5);
    g.s.assign(a);
    g.t.assign(equalGaps ? a.add(0.4) : a.add(Nd4j.rand(DataType.DOUBLE, N, 1).muli(0.5).addi(0.05)));
    g.h.assign(Nd4j.rand(DataType.DOUBLE, N, 1));
    g.derive();
    return g;
  }

  private static INDArray v(FlowMapMlp net, INDArray x, INDArray s, INDArray t) {
    MlpPass p = new MlpPass(net, N, false, false);
    p.setInputs(x, s, t);
    p.forward();
    return p.v().dup();
  }

  private static INDArray flow(FlowMapMlp net, INDArray x, INDArray s, INDArray t) {
    return v(net, x, s, t).muliColumnVector(t.sub(s)).addi(x);
  }

  /** The residual of each method with the targets given, derivatives by finite differences. */
  private static INDArray residual(String method, FlowMapMlp net, Group g, INDArray target) {
    double e = 1e-5;
    INDArray v = v(net, g.interpolant, g.s, g.t);
    return switch (method) {
      case "diag" -> v(net, g.x1.sub(g.x0).muliColumnVector(g.t).addi(g.x0), g.t, g.t).subi(target);
      case "lsd" -> flow(net, g.interpolant, g.s, g.t.add(e)).subi(flow(net, g.interpolant, g.s, g.t.sub(e)))
          .divi(2 * e).subi(target);
      case "esd" -> flow(net, g.interpolant, g.s.add(e), g.t).subi(flow(net, g.interpolant, g.s.sub(e), g.t))
          .divi(2 * e).addi(target);
      case "psd-vel" -> v.subi(target);
      case "psd-pos" -> flow(net, g.interpolant, g.s, g.t).subi(target);
      default -> throw new IllegalArgumentException(method);
    };
  }

  /** The stop-gradient targets at the current weights, by plain forward passes. */
  private static INDArray target(String method, FlowMapMlp net, Group g) {
    double e = 1e-5;
    switch (method) {
      case "diag":
        return g.x1.sub(g.x0);
      case "lsd":
        return v(net, flow(net, g.interpolant, g.s, g.t), g.t, g.t);
      case "esd": {
        INDArray b = v(net, g.interpolant, g.s, g.s);
        // J_x X b by central differences in x along b
        return flow(net, g.interpolant.add(b.mul(e)), g.s, g.t)
            .subi(flow(net, g.interpolant.sub(b.mul(e)), g.s, g.t)).divi(2 * e);
      }
      default: {
        INDArray u = g.t.sub(g.h.mul(g.t.sub(g.s)));
        INDArray xsu = flow(net, g.interpolant, g.s, u);
        INDArray xut = flow(net, xsu, u, g.t);
        return method.equals("psd-pos") ? xut : xut.subi(g.interpolant).diviColumnVector(g.t.sub(g.s));
      }
    }
  }

  private static Term term(String method, FlowMapMlp net) {
    return switch (method) {
      case "diag" -> new DiagonalFlowMatching(net, N);
      case "lsd" -> new LagrangianSelfDistillation(net, N);
      case "esd" -> new EulerianSelfDistillation(net, N);
      case "psd-vel" -> new ProgressiveSelfDistillation(net, N, false);
      case "psd-pos" -> new ProgressiveSelfDistillation(net, N, true);
      default -> throw new IllegalArgumentException(method);
    };
  }

  private static double sumSq(INDArray r) {
    return r.mul(r).sumNumber().doubleValue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"diag", "lsd", "esd", "psd-vel", "psd-pos"})
  void lossAndGradientMatchFrozenTargetFiniteDifferences(String method) {
    FlowMapMlp net = net();
    Group g = group(11, false);
    Gradient grad = new Gradient(net);
    double sum = term(method, net).accumulate(g, W, grad);

    INDArray target = target(method, net, g);
    assertThat(sum).isCloseTo(sumSq(residual(method, net, g, target)), within(1e-6 * (1 + sum)));

    INDArray p = net.params();
    double h = 1e-5;
    for (long i = 0; i < p.length(); i++) {
      double orig = p.getDouble(i);
      p.putScalar(i, orig + h);
      double up = W * sumSq(residual(method, net, g, target));
      p.putScalar(i, orig - h);
      double down = W * sumSq(residual(method, net, g, target));
      p.putScalar(i, orig);
      double fd = (up - down) / (2 * h);
      assertThat(grad.flat().getDouble(i)).as("%s parameter %d", method, i)
          .isCloseTo(fd, within(2e-5 * Math.max(1, Math.abs(fd))));
    }
  }

  @Test
  void psdVelocityFormTimesGapSquaredIsThePositionForm() {
    FlowMapMlp net = net();
    Group g = group(12, true); // t - s = 0.4 for every sample
    double vel = new ProgressiveSelfDistillation(net, N, false).accumulate(g, W, new Gradient(net));
    double pos = new ProgressiveSelfDistillation(net, N, true).accumulate(g, W, new Gradient(net));
    assertThat(pos).isCloseTo(0.16 * vel, within(1e-12 * (1 + vel)));
  }

  @Test
  void lsdTimeDerivativeOfTheMapMatchesFiniteDifferenceInT() {
    FlowMapMlp net = net();
    Group g = group(13, false);
    MlpPass pass = new MlpPass(net, N, true, false);
    pass.setInputs(g.interpolant, g.s, g.t);
    pass.setTangent(Tangent.T, null);
    pass.forward();
    INDArray dxdt = pass.vdot().dup().muliColumnVector(g.dt).addi(pass.v());
    double e = 1e-6;
    INDArray fd = flow(net, g.interpolant, g.s, g.t.add(e)).subi(flow(net, g.interpolant, g.s, g.t.sub(e)))
        .divi(2 * e);
    assertThat(dxdt.sub(fd).amaxNumber().doubleValue()).isLessThan(1e-7);
  }

  @Test
  void flowMapAtEqualTimesIsIdentity() {
    FlowMapMlp net = net();
    Group g = group(14, false);
    INDArray x = flow(net, g.interpolant, g.t, g.t);
    assertThat(x.sub(g.interpolant).amaxNumber().doubleValue()).isZero();
  }
}

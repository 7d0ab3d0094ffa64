package dev.flowmap.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flowmap.model.Activation;
import dev.flowmap.model.FlowMapMlp;
import dev.flowmap.model.Gradient;
import dev.flowmap.model.MlpPass;
import dev.flowmap.model.Ops;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
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

  /** A frozen teacher of another size and activation than the student (loss.teacher). */
  private static final FlowMapMlp TEACHER =
      FlowMapMlp.create(5, 3, Activation.GELU, DataType.DOUBLE, 0.9, 1.2, 23);

  private static FlowMapMlp net() {
    return FlowMapMlp.create(6, 2, Activation.SILU, DataType.DOUBLE, 1.0, 1.0, 7);
  }

  private static Group group(long seed, boolean equalGaps) {
    return group(seed, equalGaps, 0);
  }

  private static Group group(long seed, boolean equalGaps, double gapWeight) {
    Nd4j.getRandom().setSeed(seed);
    Group g = new Group(Ops.standard(), DataType.DOUBLE, N, gapWeight);
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

  /** X_{s,t}(x) by the production path: the network's v, then the terms' own flow-map op. */
  private static INDArray flow(FlowMapMlp net, INDArray x, INDArray s, INDArray t) {
    INDArray out = Nd4j.create(net.dtype(), x.rows(), 2);
    INDArray gap = t.sub(s);
    Residuals.flowMap(Ops.standard(), x, gap, vRows(net, x, s, t), out).run();
    return out;
  }

  private static INDArray vRows(FlowMapMlp net, INDArray x, INDArray s, INDArray t) {
    MlpPass p = new MlpPass(net, (int) x.rows(), false, false);
    p.setInputs(x, s, t);
    p.forward();
    return p.v().dup();
  }

  /** The residual of each method with the targets given, derivatives by finite differences. */
  private static INDArray residual(String method, FlowMapMlp net, Group g, INDArray target) {
    double e = 1e-5;
    INDArray v = v(net, g.interpolant, g.s, g.t);
    return switch (method) {
      case "diag" -> v(net, g.x1.sub(g.x0).muliColumnVector(g.t).addi(g.x0), g.t, g.t).subi(target);
      case "lsd", "lsd-teacher" -> flow(net, g.interpolant, g.s, g.t.add(e)).subi(flow(net, g.interpolant, g.s, g.t.sub(e)))
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
      case "lsd-teacher":
        return v(TEACHER, flow(net, g.interpolant, g.s, g.t), g.t, g.t);
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
      case "lsd-teacher" -> new LagrangianSelfDistillation(net, N, TEACHER, 0, Faults.NONE);
      case "esd" -> new EulerianSelfDistillation(net, N);
      case "psd-vel" -> new ProgressiveSelfDistillation(net, N, false);
      case "psd-pos" -> new ProgressiveSelfDistillation(net, N, true);
      default -> throw new IllegalArgumentException(method);
    };
  }

  /**
   * Each weight's gradient against the central difference (step 1e-5) of {@code loss}, a function
   * of the network's current weights.
   */
  private static void assertGradientIsFiniteDifference(Gradient grad, FlowMapMlp net,
                                                      java.util.function.DoubleSupplier loss, String what) {
    INDArray p = net.params();
    double h = 1e-5;
    for (long i = 0; i < p.length(); i++) {
      double orig = p.getDouble(i);
      p.putScalar(i, orig + h);
      double up = loss.getAsDouble();
      p.putScalar(i, orig - h);
      double down = loss.getAsDouble();
      p.putScalar(i, orig);
      double fd = (up - down) / (2 * h);
      assertThat(grad.flat().getDouble(i)).as("%s parameter %d", what, i)
          .isCloseTo(fd, within(2e-5 * Math.max(1, Math.abs(fd))));
    }
  }

  private static double sumSq(INDArray r) {
    return r.mul(r).sumNumber().doubleValue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"diag", "lsd", "lsd-teacher", "esd", "psd-vel", "psd-pos"})
  void lossAndGradientMatchFrozenTargetFiniteDifferences(String method) {
    FlowMapMlp net = net();
    Group g = group(11, false);
    Gradient grad = new Gradient(net);
    double sum = term(method, net).accumulate(g, W, grad);

    INDArray target = target(method, net, g);
    assertThat(sum).isCloseTo(sumSq(residual(method, net, g, target)), within(1e-6 * (1 + sum)));

    assertGradientIsFiniteDifference(grad, net, () -> W * sumSq(residual(method, net, g, target)), method);
  }

  /**
   * LSD's loss and gradient with the student reading time features: the tangent along t goes
   * through them (sin and cos of t at 3 octaves, or the gap t - s).
   */
  @ParameterizedTest
  @EnumSource(value = dev.flowmap.model.TimeInput.class, names = {"GAP", "FOURIER"})
  void lsdWithTimeFeaturesMatchesFrozenTargetFiniteDifferences(dev.flowmap.model.TimeInput time) {
    FlowMapMlp net = FlowMapMlp.create(6, 2, Activation.SILU, DataType.DOUBLE, 1.0, 1.0,
        dev.flowmap.model.FourierFeatures.NONE.withTime(time, 3), 7);
    Group g = group(17, false);
    Gradient grad = new Gradient(net);
    double sum = term("lsd", net).accumulate(g, W, grad);
    INDArray target = target("lsd", net, g);
    assertThat(sum).isCloseTo(sumSq(residual("lsd", net, g, target)), within(1e-6 * (1 + sum)));
    assertGradientIsFiniteDifference(grad, net, () -> W * sumSq(residual("lsd", net, g, target)), time.toString());
  }

  /**
   * With a gap weight a, LSD's gradient is that of sum (1 + a (t - s)) |r|^2 (finite differences),
   * while the sum it returns, the logged term, stays unweighted.
   */
  @Test
  void gapWeightedLsdGradientMatchesFiniteDifferencesOfTheWeightedSum() {
    double a = 1.5;
    FlowMapMlp net = net();
    Group g = group(18, false, a);
    Gradient grad = new Gradient(net);
    double sum = term("lsd", net).accumulate(g, W, grad);
    INDArray target = target("lsd", net, g);
    assertThat(sum).isCloseTo(sumSq(residual("lsd", net, g, target)), within(1e-6 * (1 + sum)));
    INDArray w = g.t.sub(g.s).muli(a).addi(1);
    assertThat(g.gapWeights).isEqualTo(w);
    assertGradientIsFiniteDifference(grad, net, () -> W * weighted(residual("lsd", net, g, target), w), "gap weights");
  }

  /**
   * With adaptive gap bins (loss.adaptive_bins 4, averages 0.5, 2, 1 and 4 over shares 1/8, 1/2,
   * 1/4 and 1/8, so weights 2.56, 0.64, 1.28 and 0.32), LSD's gradient is that of sum w_bin |r|^2
   * (finite differences), each row weighted by the bin of its float gap t - s; the sum it returns
   * stays unweighted, and each bin's tally holds its rows' |r|^2 and count.
   */
  @Test
  void adaptiveGapBinsWeightLsdRowsByTheirBinAndTallyTheirResiduals() {
    GapBins bins = new GapBins(4, 1);
    bins.load(new double[] {0.5, 2, 1, 4, 0.125, 0.5, 0.25, 0.125}); // sum p / m = 25/32
    float[] expected = {2.56f, 0.64f, 1.28f, 0.32f};
    for (int b = 0; b < 4; b++) {
      assertThat(bins.weights()[b]).isCloseTo(expected[b], within(1e-6f));
    }
    java.util.Random rnd = new java.util.Random(29);
    float[] x0 = new float[2 * N];
    float[] x1 = new float[2 * N];
    float[] s = new float[N];
    float[] t = new float[N];
    for (int i = 0; i < N; i++) {
      x0[2 * i] = (float) rnd.nextGaussian();
      x0[2 * i + 1] = (float) rnd.nextGaussian();
      x1[2 * i] = 4 * rnd.nextFloat() - 2;
      x1[2 * i + 1] = 4 * rnd.nextFloat() - 2;
      s[i] = 0.05f * rnd.nextFloat();
      t[i] = s[i] + 0.1f + 0.16f * i; // gaps 0.1 to 0.9: every bin
    }
    Group g = new Group(Ops.standard(), DataType.DOUBLE, N, 0, bins.tally(0));
    g.fill(x0, x1, s, t, null);
    FlowMapMlp net = net();
    Gradient grad = new Gradient(net);
    double sum = term("lsd", net).accumulate(g, W, grad);
    INDArray target = target("lsd", net, g);
    INDArray r = residual("lsd", net, g, target);
    assertThat(sum).isCloseTo(sumSq(r), within(1e-6 * (1 + sum)));
    float[] table = bins.weights();
    INDArray w = Nd4j.create(DataType.DOUBLE, N, 1);
    double[] binSums = new double[4];
    long[] binCounts = new long[4];
    for (int i = 0; i < N; i++) {
      int b = (int) Math.floor((t[i] - s[i]) * 4.0); // the float gap, in [0.1, 0.9]
      assertThat(g.rowBin(i)).as("row %d's bin", i).isEqualTo(b);
      w.putScalar(i, 0, table[b]);
      double ri = r.getDouble(i, 0) * r.getDouble(i, 0) + r.getDouble(i, 1) * r.getDouble(i, 1);
      binSums[b] += ri;
      binCounts[b]++;
    }
    assertThat(g.gapWeights).isEqualTo(w);
    assertThat(binCounts).containsExactly(1, 2, 2, 1);
    for (int b = 0; b < 4; b++) {
      assertThat(bins.tally(0).sum[b]).as("bin %d's tally", b).isCloseTo(binSums[b], within(1e-6 * (1 + binSums[b])));
      assertThat(bins.tally(0).count[b]).isEqualTo(binCounts[b]);
    }
    assertGradientIsFiniteDifference(grad, net, () -> W * weighted(residual("lsd", net, g, target), w),
        "adaptive gap bins");
  }

  /**
   * With a Huber threshold c, the gradient of LSD's term and of the diagonal term is that of
   * sum h(r), h = |r|^2 up to c and 2c |r| - c^2 beyond (finite differences), with c between the
   * two middle row norms so that rows sit on both sides of it, while the sum each returns, the
   * logged term, stays the plain sum of squares.
   */
  @ParameterizedTest
  @CsvSource({"lsd, 19", "diag, 21"})
  void huberGradientMatchesFiniteDifferencesOfTheHuberSum(String method, long seed) {
    FlowMapMlp net = net();
    Group g = group(seed, false);
    INDArray target = target(method, net, g);
    double[] norms = rowNorms(residual(method, net, g, target));
    java.util.Arrays.sort(norms);
    double c = (norms[N / 2 - 1] + norms[N / 2]) / 2;
    assertThat(norms[0]).isLessThan(c);
    assertThat(norms[N - 1]).isGreaterThan(c);
    Term term = method.equals("lsd") ? new LagrangianSelfDistillation(net, N, null, c, Faults.NONE)
        : new DiagonalFlowMatching(net, N, c);
    Gradient grad = new Gradient(net);
    double sum = term.accumulate(g, W, grad);
    assertThat(sum).isCloseTo(sumSq(residual(method, net, g, target)), within(1e-6 * (1 + sum)));
    assertGradientIsFiniteDifference(grad, net, () -> W * huber(residual(method, net, g, target), c),
        "huber " + method);
  }

  /** A threshold above every residual leaves both terms' gradients as they are, bit for bit. */
  @Test
  void aHighHuberThresholdIsPlainLsdBitForBit() {
    FlowMapMlp net = net();
    Group g = group(20, false);
    Gradient plain = new Gradient(net);
    Gradient huge = new Gradient(net);
    double a = new LagrangianSelfDistillation(net, N).accumulate(g, W, plain);
    double b = new LagrangianSelfDistillation(net, N, null, 1e6, Faults.NONE).accumulate(g, W, huge);
    assertThat(b).isEqualTo(a);
    assertThat(huge.flat()).isEqualTo(plain.flat());
    Gradient plainDiag = new Gradient(net);
    Gradient hugeDiag = new Gradient(net);
    new DiagonalFlowMatching(net, N).accumulate(g, W, plainDiag);
    new DiagonalFlowMatching(net, N, 1e6).accumulate(g, W, hugeDiag);
    assertThat(hugeDiag.flat()).isEqualTo(plainDiag.flat());
  }

  private static double[] rowNorms(INDArray r) {
    double[] out = new double[(int) r.rows()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.hypot(r.getDouble(i, 0), r.getDouble(i, 1));
    }
    return out;
  }

  private static double huber(INDArray r, double c) {
    double total = 0;
    for (double n : rowNorms(r)) {
      total += n <= c ? n * n : 2 * c * n - c * c;
    }
    return total;
  }

  private static double weighted(INDArray r, INDArray w) {
    return r.mul(r).sum(1).reshape(N, 1).muli(w).sumNumber().doubleValue();
  }

  /**
   * A teacher that holds the student's current weights (a copy) gives LSD's self-distillation
   * bits exactly: the same loss and the same gradient.
   */
  @Test
  void aTeacherEqualToTheStudentIsSelfDistillation() {
    FlowMapMlp net = net();
    Group g = group(16, false);
    Gradient self = new Gradient(net);
    double selfSum = new LagrangianSelfDistillation(net, N).accumulate(g, W, self);
    Gradient taught = new Gradient(net);
    double taughtSum = new LagrangianSelfDistillation(net, N, net.snapshot(), 0, Faults.NONE)
        .accumulate(g, W, taught);
    assertThat(taughtSum).isEqualTo(selfSum);
    assertThat(taught.flat()).isEqualTo(self.flat());
    Gradient other = new Gradient(net);
    double otherSum = new LagrangianSelfDistillation(net, N, TEACHER, 0, Faults.NONE).accumulate(g, W, other);
    assertThat(otherSum).as("a different teacher changes the loss").isNotEqualTo(selfSum);
  }

  @Test
  void psdVelocityFormTimesGapSquaredIsThePositionForm() {
    FlowMapMlp net = net();
    Group g = group(12, true); // t - s = 0.4 for every sample
    double vel = new ProgressiveSelfDistillation(net, N, false).accumulate(g, W, new Gradient(net));
    double pos = new ProgressiveSelfDistillation(net, N, true).accumulate(g, W, new Gradient(net));
    assertThat(pos).isCloseTo(0.16 * vel, within(1e-12 * (1 + vel)));
  }

  private static FlowMapMlp randomNet(Activation act) {
    return FlowMapMlp.create(6, 2, act, DataType.DOUBLE, 0.8, 1.0, 17);
  }

  /** Row i of g as a group of its own. */
  private static Group row(Group g, int i) {
    Group one = new Group(Ops.standard(), DataType.DOUBLE, 1);
    one.x0.assign(g.x0.getRow(i).reshape(1, 2));
    one.x1.assign(g.x1.getRow(i).reshape(1, 2));
    one.s.assign(g.s.getDouble(i, 0));
    one.t.assign(g.t.getDouble(i, 0));
    one.h.assign(g.h.getDouble(i, 0));
    one.derive();
    return one;
  }

  /**
   * The production LSD residual r = dX_{s,t}(I_s)/dt - v_{t,t}(X_{s,t}(I_s)), read row by row
   * from the term's gradient w.r.t. the output bias (with outScale 1 and weight 1 that gradient
   * is 2 r, the teacher being a constant), against a central difference in t of the production
   * flow map minus the production teacher.
   */
  @ParameterizedTest
  @EnumSource(Activation.class)
  void lsdResidualIsTheTimeDerivativeOfTheProductionMapMinusItsTeacher(Activation act) {
    FlowMapMlp net = randomNet(act);
    Group g = group(13, false);
    long last = net.params().length() - 2;
    double e = 1e-6;
    INDArray fd = flow(net, g.interpolant, g.s, g.t.add(e)).subi(flow(net, g.interpolant, g.s, g.t.sub(e)))
        .divi(2 * e);
    INDArray teacher = vRows(net, flow(net, g.interpolant, g.s, g.t), g.t, g.t);
    INDArray expected = fd.sub(teacher);
    double total = 0;
    for (int i = 0; i < N; i++) {
      Group one = row(g, i);
      Gradient grad = new Gradient(net);
      double sum = new LagrangianSelfDistillation(net, 1).accumulate(one, 1.0, grad);
      for (int k = 0; k < 2; k++) {
        double r = grad.flat().getDouble(last + k) / 2;
        assertThat(r).as("row %d coordinate %d", i, k).isCloseTo(expected.getDouble(i, k), within(1e-7));
      }
      assertThat(sum).isCloseTo(sumSq(expected.getRow(i)), within(1e-7));
      total += sum;
    }
    double all = new LagrangianSelfDistillation(net, N).accumulate(g, 1.0, new Gradient(net));
    assertThat(all).isCloseTo(total, within(1e-10 * (1 + total)));
    assertThat(total).as("a residual that is not trivially zero").isGreaterThan(1e-3);
  }

  /** X_{t,t}(x) = x: the production network's v at s = t through the terms' flow-map op. */
  @ParameterizedTest
  @EnumSource(Activation.class)
  void productionFlowMapAtEqualTimesIsIdentity(Activation act) {
    FlowMapMlp net = randomNet(act);
    Group g = group(14, false);
    INDArray v = vRows(net, g.interpolant, g.t, g.t);
    assertThat(v.amaxNumber().doubleValue()).as("v is not zero").isGreaterThan(1e-3);
    INDArray x = flow(net, g.interpolant, g.t, g.t);
    assertThat(x.sub(g.interpolant).amaxNumber().doubleValue()).isZero();
  }

  /**
   * At s = t the production LSD and ESD terms see X_{t,t}(x) = x, so their residuals vanish:
   * LSD's is v_{t,t}(I) - v_{t,t}(X_{t,t}(I)), ESD's -v_{t,t}(I) + J_x X_{t,t} v_{t,t}(I).
   */
  @ParameterizedTest
  @CsvSource({"lsd,SILU", "lsd,GELU", "esd,SILU", "esd,GELU"})
  void selfDistillationTermsVanishAtEqualTimes(String method, Activation act) {
    FlowMapMlp net = randomNet(act);
    Group g = group(15, false);
    g.s.assign(g.t);
    g.derive();
    Gradient grad = new Gradient(net);
    double sum = term(method, net).accumulate(g, 1.0, grad);
    assertThat(sum).isLessThan(1e-24);
    assertThat(grad.flat().amaxNumber().doubleValue()).isLessThan(1e-10);
  }
}

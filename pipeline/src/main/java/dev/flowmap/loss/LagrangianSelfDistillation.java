package dev.flowmap.loss;

import dev.flowmap.model.FlowMapMlp;
import dev.flowmap.model.Gradient;
import dev.flowmap.model.Kernel;
import dev.flowmap.model.MlpPass;
import dev.flowmap.model.Ops;
import dev.flowmap.model.Tangent;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Lagrangian self-distillation: L = | dX_{s,t}(I_s)/dt - sg(v_{t,t}(sg(X_{s,t}(I_s)))) |^2, where
 * dX/dt = v_{s,t} + (t - s) dv_{s,t}/dt is exact (a forward-mode tangent along t) and the
 * gradient flows through it, tangent included. With a frozen teacher network (Lagrangian map
 * distillation, {@code loss.teacher}) the target is the teacher's diagonal velocity
 * v^teacher_{t,t}(sg(X_{s,t}(I_s))) instead: a forward pass of the teacher, which may differ from
 * the student in size, and has no tangent and no gradient. With row weights w = 1 + a (t - s)
 * ({@code loss.gap_weight}) the gradient is that of sum w |r|^2; with a Huber threshold c > 0
 * ({@code loss.huber}) each row's is that of the Huber loss of |r| ({@link HuberRows}): as |r|^2
 * up to c, 2c |r| - c^2 beyond. With adaptive gap bins ({@code loss.adaptive_bins}, {@link
 * GapBins}) w is the row's bin weight, and each row's |r|^2 goes to its bin's tally. The returned sum stays the plain, unweighted sum of |r|^2.
 */
final class LagrangianSelfDistillation implements Term {
  private final MlpPass student;
  private final MlpPass teacher;
  private final INDArray x;
  private final INDArray r;
  /** r's float memory, for the adaptive gap bins' tally; null in double. */
  private final java.nio.FloatBuffer rView;
  private final boolean flippedTeacher;
  private final Ops ops;
  /** Per-row Huber factors min(1, c / |r|), or null without a threshold. */
  private final HuberRows huber;
  private Group bound;
  private Kernel flowMap;
  private Kernel residual;
  private Kernel gradVdot;
  private Kernel weightRows;
  private Kernel huberRows;

  LagrangianSelfDistillation(FlowMapMlp net, int n) {
    this(net, n, null, 0, Faults.NONE);
  }

  /**
   * As above, the target from {@code frozen} when not null (else from {@code net} itself), the
   * rows under the Huber loss of threshold {@code huberScale} when it is > 0, broken as
   * {@code faults} say (tests only).
   */
  LagrangianSelfDistillation(FlowMapMlp net, int n, FlowMapMlp frozen, double huberScale,
                             Faults faults) {
    flippedTeacher = faults.flipLsdTeacherSign();
    ops = net.ops();
    student = new MlpPass(net, n, true, true);
    teacher = new MlpPass(frozen != null ? frozen : net, n, false, false);
    x = Nd4j.create(net.dtype(), n, 2);
    r = Nd4j.create(net.dtype(), n, 2);
    rView = net.dtype() == org.nd4j.linalg.api.buffer.DataType.FLOAT ? r.data().asNioFloat() : null;
    huber = huberScale > 0 ? new HuberRows(r, huberScale) : null;
  }

  private void bindTo(Group g) {
    if (g == bound) {
      return;
    }
    flowMap = Residuals.flowMap(ops, g.interpolant, g.dt, student.v(), x);
    // r = v + (t - s) v_dot - v_{t,t}(X)
    residual = Kernel.seq(List.of(ops.mul(student.vdot(), g.dt, r),
        ops.add(r, student.v(), r),
        flippedTeacher ? ops.add(r, teacher.v(), r) : ops.sub(r, teacher.v(), r)));
    gradVdot = ops.mul(student.gradV(), g.dt, student.gradVdot());
    weightRows = g.gapWeights != null ? ops.mul(student.gradV(), g.gapWeights, student.gradV()) : null;
    huberRows = huber != null ? ops.mul(student.gradV(), huber.factors(), student.gradV()) : null;
    bound = g;
  }

  @Override
  public double accumulate(Group g, double weight, Gradient grad) {
    bindTo(g);
    student.setInputs(g.interpolant, g.s, g.t);
    student.setTangent(Tangent.T, null);
    student.forward();
    flowMap.run();
    teacher.setInputs(x, g.t, g.t);
    teacher.forward();
    residual.run();
    double sum = Residuals.sumSquares(r);
    g.tallyResiduals(r, rView);
    Residuals.scaledCopy(r, 2 * weight, student.gradV());
    if (huberRows != null) {
      huber.run();
      huberRows.run();
    }
    if (weightRows != null) {
      weightRows.run();
    }
    gradVdot.run();
    student.backward(grad);
    return sum;
  }
}

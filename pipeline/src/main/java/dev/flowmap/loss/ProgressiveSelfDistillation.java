package dev.flowmap.loss;

import dev.flowmap.model.FlowMapMlp;
import dev.flowmap.model.Gradient;
import dev.flowmap.model.Kernel;
import dev.flowmap.model.MlpPass;
import dev.flowmap.model.Ops;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Progressive self-distillation with u = h s + (1 - h) t. Velocity form (the paper's code):
 * L = | v_{s,t}(I_s) - sg((1 - h) v_{s,u}(I_s) + h v_{u,t}(X_{s,u}(I_s))) |^2. Position form (the
 * seed's code): L = | X_{s,t}(I_s) - sg(X_{u,t}(X_{s,u}(I_s))) |^2, which is (t - s)^2 times the
 * velocity form.
 */
final class ProgressiveSelfDistillation implements Term {
  private final boolean positionForm;
  private final MlpPass student;
  private final MlpPass teacher;
  private final INDArray u;
  private final INDArray du;
  private final INDArray oneMinusH;
  private final INDArray xsu;
  private final INDArray target;
  private final INDArray r;
  private final Ops ops;
  private Group bound;
  private Kernel times;
  private Kernel firstJump;
  private Kernel secondJump;
  private Kernel residual;
  private Kernel timesGap;

  ProgressiveSelfDistillation(FlowMapMlp net, int n, boolean positionForm) {
    this.positionForm = positionForm;
    ops = net.ops();
    student = new MlpPass(net, n, false, true);
    teacher = new MlpPass(net, n, false, false);
    u = Nd4j.create(net.dtype(), n, 1);
    du = Nd4j.create(net.dtype(), n, 1);
    oneMinusH = Nd4j.create(net.dtype(), n, 1);
    xsu = Nd4j.create(net.dtype(), n, 2);
    target = Nd4j.create(net.dtype(), n, 2);
    r = Nd4j.create(net.dtype(), n, 2);
  }

  private void bindTo(Group g) {
    if (g == bound) {
      return;
    }
    // u = h s + (1 - h) t = t - h (t - s); du = u - s
    times = Kernel.seq(List.of(ops.mul(g.h, g.dt, u), ops.sub(g.t, u, u),
        ops.sub(u, g.s, du), ops.rsub(1.0, g.h, oneMinusH)));
    // xsu = X_{s,u}(I_s); target = (1 - h) v_{s,u}(I_s)
    firstJump = Kernel.seq(List.of(Residuals.flowMap(ops, g.interpolant, du, teacher.v(), xsu),
        ops.mul(teacher.v(), oneMinusH, target)));
    // target += h v_{u,t}(xsu)
    secondJump = Kernel.seq(List.of(ops.mul(teacher.v(), g.h, r), ops.add(target, r, target)));
    residual = ops.sub(student.v(), target, r);
    timesGap = ops.mul(student.gradV(), g.dt, student.gradV());
    bound = g;
  }

  @Override
  public double accumulate(Group g, double weight, Gradient grad) {
    bindTo(g);
    times.run();
    teacher.setInputs(g.interpolant, g.s, u);
    teacher.forward();
    firstJump.run();
    teacher.setInputs(xsu, u, g.t);
    teacher.forward();
    secondJump.run();

    student.setInputs(g.interpolant, g.s, g.t);
    student.forward();
    residual.run();
    INDArray gv = student.gradV();
    double sum;
    if (positionForm) {
      // residual in position: (t - s) r; gradient w.r.t. v: 2 w (t - s)^2 r
      gv.assign(r);
      timesGap.run();
      sum = Residuals.sumSquares(gv);
      timesGap.run();
      Kernel.scal(2 * weight, gv);
    } else {
      sum = Residuals.sumSquares(r);
      Residuals.scaledCopy(r, 2 * weight, gv);
    }
    student.backward(grad);
    return sum;
  }
}

package dev.flowmap.loss;

import dev.flowmap.model.FlowMapMlp;
import dev.flowmap.model.Gradient;
import dev.flowmap.model.MlpPass;
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

  ProgressiveSelfDistillation(FlowMapMlp net, int n, boolean positionForm) {
    this.positionForm = positionForm;
    student = new MlpPass(net, n, false, true);
    teacher = new MlpPass(net, n, false, false);
    u = Nd4j.create(net.dtype(), n, 1);
    du = Nd4j.create(net.dtype(), n, 1);
    oneMinusH = Nd4j.create(net.dtype(), n, 1);
    xsu = Nd4j.create(net.dtype(), n, 2);
    target = Nd4j.create(net.dtype(), n, 2);
    r = Nd4j.create(net.dtype(), n, 2);
  }

  @Override
  public double accumulate(Group g, double weight, Gradient grad) {
    // u = h s + (1 - h) t = t - h (t - s)
    g.h.mul(g.dt, u).rsubi(0).addi(g.t);
    u.sub(g.s, du);
    teacher.setInputs(g.interpolant, g.s, u);
    teacher.forward();
    Residuals.flowMap(g.interpolant, du, teacher.v(), xsu);
    g.h.rsub(1.0, oneMinusH);
    target.assign(teacher.v()).muliColumnVector(oneMinusH);
    teacher.setInputs(xsu, u, g.t);
    teacher.forward();
    r.assign(teacher.v()).muliColumnVector(g.h);
    target.addi(r);

    student.setInputs(g.interpolant, g.s, g.t);
    student.forward();
    student.v().sub(target, r);
    INDArray gv = student.gradV();
    double sum;
    if (positionForm) {
      // residual in position: (t - s) r; gradient w.r.t. v: 2 w (t - s)^2 r
      gv.assign(r).muliColumnVector(g.dt);
      sum = Residuals.sumSquares(gv);
      gv.muliColumnVector(g.dt).muli(2 * weight);
    } else {
      sum = Residuals.sumSquares(r);
      gv.assign(r).muli(2 * weight);
    }
    student.backward(grad);
    return sum;
  }
}

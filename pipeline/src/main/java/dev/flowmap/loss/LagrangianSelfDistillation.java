package dev.flowmap.loss;

import dev.flowmap.model.FlowMapMlp;
import dev.flowmap.model.Gradient;
import dev.flowmap.model.MlpPass;
import dev.flowmap.model.Tangent;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Lagrangian self-distillation: L = | dX_{s,t}(I_s)/dt - sg(v_{t,t}(sg(X_{s,t}(I_s)))) |^2, where
 * dX/dt = v_{s,t} + (t - s) dv_{s,t}/dt is exact (a forward-mode tangent along t) and the
 * gradient flows through it, tangent included.
 */
final class LagrangianSelfDistillation implements Term {
  private final MlpPass student;
  private final MlpPass teacher;
  private final INDArray x;
  private final INDArray r;

  LagrangianSelfDistillation(FlowMapMlp net, int n) {
    student = new MlpPass(net, n, true, true);
    teacher = new MlpPass(net, n, false, false);
    x = Nd4j.create(net.dtype(), n, 2);
    r = Nd4j.create(net.dtype(), n, 2);
  }

  @Override
  public double accumulate(Group g, double weight, Gradient grad) {
    student.setInputs(g.interpolant, g.s, g.t);
    student.setTangent(Tangent.T, null);
    student.forward();
    Residuals.flowMap(g.interpolant, g.dt, student.v(), x);
    teacher.setInputs(x, g.t, g.t);
    teacher.forward();
    // r = v + (t - s) v_dot - v_{t,t}(X)
    r.assign(student.vdot()).muliColumnVector(g.dt).addi(student.v()).subi(teacher.v());
    double sum = Residuals.sumSquares(r);
    student.gradV().assign(r).muli(2 * weight);
    student.gradVdot().assign(student.gradV()).muliColumnVector(g.dt);
    student.backward(grad);
    return sum;
  }
}

package dev.flowmap.loss;

import dev.flowmap.model.FlowMapMlp;
import dev.flowmap.model.Gradient;
import dev.flowmap.model.MlpPass;
import dev.flowmap.model.Tangent;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Eulerian self-distillation: L = | dX_{s,t}(I_s)/ds + sg(J_x X_{s,t}(I_s) v_{s,s}(I_s)) |^2, with
 * dX/ds = -v_{s,t} + (t - s) dv_{s,t}/ds (a tangent along s, differentiated through) and the
 * advection term J_x X b = b + (t - s) J_x v b for b = v_{s,s}(I_s) (a tangent along x, under sg).
 */
final class EulerianSelfDistillation implements Term {
  private final MlpPass student;
  private final MlpPass teacher;
  private final INDArray b;
  private final INDArray advection;
  private final INDArray r;

  EulerianSelfDistillation(FlowMapMlp net, int n) {
    student = new MlpPass(net, n, true, true);
    teacher = new MlpPass(net, n, true, false);
    b = Nd4j.create(net.dtype(), n, 2);
    advection = Nd4j.create(net.dtype(), n, 2);
    r = Nd4j.create(net.dtype(), n, 2);
  }

  @Override
  public double accumulate(Group g, double weight, Gradient grad) {
    teacher.setInputs(g.interpolant, g.s, g.s);
    teacher.setTangent(Tangent.NONE, null);
    teacher.forward();
    b.assign(teacher.v());
    teacher.setInputs(g.interpolant, g.s, g.t);
    teacher.setTangent(Tangent.X, b);
    teacher.forward();
    advection.assign(teacher.vdot()).muliColumnVector(g.dt).addi(b);

    student.setInputs(g.interpolant, g.s, g.t);
    student.setTangent(Tangent.S, null);
    student.forward();
    // r = -v + (t - s) dv/ds + advection
    r.assign(student.vdot()).muliColumnVector(g.dt).subi(student.v()).addi(advection);
    double sum = Residuals.sumSquares(r);
    student.gradVdot().assign(r).muliColumnVector(g.dt).muli(2 * weight);
    student.gradV().assign(r).muli(-2 * weight);
    student.backward(grad);
    return sum;
  }
}

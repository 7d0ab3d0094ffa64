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
  private final Ops ops;
  private Group bound;
  private Kernel advect;
  private Kernel residual;
  private Kernel gradVdot;

  EulerianSelfDistillation(FlowMapMlp net, int n) {
    ops = net.ops();
    student = new MlpPass(net, n, true, true);
    teacher = new MlpPass(net, n, true, false);
    b = Nd4j.create(net.dtype(), n, 2);
    advection = Nd4j.create(net.dtype(), n, 2);
    r = Nd4j.create(net.dtype(), n, 2);
  }

  private void bindTo(Group g) {
    if (g == bound) {
      return;
    }
    advect = Kernel.seq(List.of(ops.mul(teacher.vdot(), g.dt, advection),
        ops.add(advection, b, advection)));
    // r = -v + (t - s) dv/ds + advection
    residual = Kernel.seq(List.of(ops.mul(student.vdot(), g.dt, r),
        ops.sub(r, student.v(), r), ops.add(r, advection, r)));
    gradVdot = ops.mul(r, g.dt, student.gradVdot());
    bound = g;
  }

  @Override
  public double accumulate(Group g, double weight, Gradient grad) {
    bindTo(g);
    teacher.setInputs(g.interpolant, g.s, g.s);
    teacher.setTangent(Tangent.NONE, null);
    teacher.forward();
    b.assign(teacher.v());
    teacher.setInputs(g.interpolant, g.s, g.t);
    teacher.setTangent(Tangent.X, b);
    teacher.forward();
    advect.run();

    student.setInputs(g.interpolant, g.s, g.t);
    student.setTangent(Tangent.S, null);
    student.forward();
    residual.run();
    double sum = Residuals.sumSquares(r);
    gradVdot.run();
    Kernel.scal(2 * weight, student.gradVdot());
    Residuals.scaledCopy(r, -2 * weight, student.gradV());
    student.backward(grad);
    return sum;
  }
}

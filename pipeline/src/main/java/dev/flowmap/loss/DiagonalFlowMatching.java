package dev.flowmap.loss;

import dev.flowmap.model.FlowMapMlp;
import dev.flowmap.model.Gradient;
import dev.flowmap.model.MlpPass;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Diagonal flow matching, the tangent condition: L = | v_{t,t}(I_t) - (x1 - x0) |^2, t ~ U[0,1].
 * The group's {@code s} is ignored; I_t uses {@code t}.
 */
final class DiagonalFlowMatching implements Term {
  private final MlpPass pass;
  private final INDArray it;
  private final INDArray r;

  DiagonalFlowMatching(FlowMapMlp net, int n) {
    pass = new MlpPass(net, n, false, true);
    it = Nd4j.create(net.dtype(), n, 2);
    r = Nd4j.create(net.dtype(), n, 2);
  }

  @Override
  public double accumulate(Group g, double weight, Gradient grad) {
    it.assign(g.x1).subi(g.x0).muliColumnVector(g.t).addi(g.x0);
    pass.setInputs(it, g.t, g.t);
    pass.forward();
    pass.v().sub(g.x1, r).addi(g.x0);
    double sum = Residuals.sumSquares(r);
    pass.gradV().assign(r).muli(2 * weight);
    pass.backward(grad);
    return sum;
  }
}

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
 * Diagonal flow matching, the tangent condition: L = | v_{t,t}(I_t) - (x1 - x0) |^2, t ~ U[0,1].
 * The group's {@code s} is ignored; I_t uses {@code t}. With a Huber threshold c > 0
 * ({@code loss.huber}) a row's gradient is that of the Huber loss of |r| ({@link HuberRows}); the
 * returned sum stays the plain sum of |r|^2.
 */
final class DiagonalFlowMatching implements Term {
  private final MlpPass pass;
  private final INDArray it;
  private final INDArray r;
  private final Ops ops;
  private final HuberRows huber;
  private Group bound;
  private Kernel interpolate;
  private Kernel residual;
  private Kernel huberRows;

  DiagonalFlowMatching(FlowMapMlp net, int n) {
    this(net, n, 0);
  }

  /** As above, the rows under the Huber loss of threshold {@code huberScale} when it is > 0. */
  DiagonalFlowMatching(FlowMapMlp net, int n, double huberScale) {
    ops = net.ops();
    pass = new MlpPass(net, n, false, true);
    it = Nd4j.create(net.dtype(), n, 2);
    r = Nd4j.create(net.dtype(), n, 2);
    huber = huberScale > 0 ? new HuberRows(r, huberScale) : null;
  }

  private void bindTo(Group g) {
    if (g == bound) {
      return;
    }
    interpolate = Kernel.seq(List.of(ops.sub(g.x1, g.x0, it), ops.mul(it, g.t, it),
        ops.add(it, g.x0, it)));
    // r = v - (x1 - x0)
    residual = Kernel.seq(List.of(ops.sub(pass.v(), g.x1, r), ops.add(r, g.x0, r)));
    huberRows = huber != null ? ops.mul(pass.gradV(), huber.factors(), pass.gradV()) : null;
    bound = g;
  }

  @Override
  public double accumulate(Group g, double weight, Gradient grad) {
    bindTo(g);
    interpolate.run();
    pass.setInputs(it, g.t, g.t);
    pass.forward();
    residual.run();
    double sum = Residuals.sumSquares(r);
    Residuals.scaledCopy(r, 2 * weight, pass.gradV());
    if (huberRows != null) {
      huber.run();
      huberRows.run();
    }
    pass.backward(grad);
    return sum;
  }
}

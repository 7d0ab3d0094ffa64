package dev.flowmap.optim;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** An optimizer whose whole state is Adam's two moments (Adam, AdamW, RAdam). */
interface MomentOptimizer extends Optimizer {
  /** The moments this optimizer updates. */
  Moments moments();

  /**
   * The update of {@code params} (and of the moments in {@code range}) from {@code grad}: the
   * whole vectors for {@link #step}, a fixed part of them for {@link #part}.
   */
  void update(Moments.Range range, INDArray params, INDArray grad, long step, double lr);

  @Override
  default void step(INDArray params, INDArray grad, long step, double lr) {
    moments().check(params, grad, step);
    update(moments().whole(), params, grad, step, lr);
  }

  @Override
  default Part part(INDArray params, INDArray grad, long from, long to) {
    moments().checkArrays(params, grad);
    Moments.Range range = moments().range(from, to);
    INDArray p = SplitUpdate.view(params, from, to);
    INDArray g = SplitUpdate.view(grad, from, to);
    return (step, lr) -> update(range, p, g, step, lr);
  }

  @Override
  default List<INDArray> state() {
    return moments().state();
  }

  @Override
  default void load(List<INDArray> state) {
    moments().load(state);
  }
}

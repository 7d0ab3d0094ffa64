package dev.flowmap.optim;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** An optimizer whose whole state is Adam's two moments (Adam, AdamW, RAdam). */
interface MomentOptimizer extends Optimizer {
  /** The moments this optimizer updates. */
  Moments moments();

  @Override
  default List<INDArray> state() {
    return moments().state();
  }

  @Override
  default void load(List<INDArray> state) {
    moments().load(state);
  }
}

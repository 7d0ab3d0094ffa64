package dev.flowmap.optim;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A first-order optimizer that updates one flat parameter vector in place from a gradient vector
 * of the same shape; implementations preallocate every buffer, so a step allocates nothing off-heap,
 * and are not thread-safe (one stage calls them).
 */
public interface Optimizer {

  /** Applies one update to params from grad at 1-based step {@code step} with learning rate lr. */
  void step(INDArray params, INDArray grad, long step, double lr);

  /**
   * The update of elements [from, to) alone, bound once to views of params and grad: parts over
   * disjoint ranges may run at the same time on different threads. Each element goes through the
   * same calls as in {@link #step}, so parts that start at multiples of {@link SplitUpdate#ALIGN}
   * give {@link #step}'s bits (see {@link SplitUpdate}).
   *
   * @throws IllegalArgumentException when params or grad do not fit this optimizer
   */
  Part part(INDArray params, INDArray grad, long from, long to);

  /** One part's update (see {@link #part}). */
  interface Part {
    /** Applies the update at 1-based step {@code step} with learning rate lr to this part's elements. */
    void step(long step, double lr);
  }

  /**
   * Optimizer state for checkpoints (moments), in a fixed order; restored with {@link #load}.
   * The arrays are copies, so a checkpoint can be written while training goes on.
   */
  List<INDArray> state();

  /**
   * Copies values into the existing buffers, in the order of {@link #state()}.
   *
   * @throws IllegalArgumentException when the count or a shape does not match, naming both
   */
  void load(List<INDArray> state);
}

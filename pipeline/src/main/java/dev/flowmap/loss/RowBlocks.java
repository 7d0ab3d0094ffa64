package dev.flowmap.loss;

import dev.flowmap.model.Gradient;
import java.util.function.IntFunction;

/**
 * A term over rows [from, from + count) of a batch group, run in blocks of at most {@code block}
 * rows (0: one block), so that a block's activations stay in a core's cache instead of the whole
 * slice streaming through memory at every layer. Blocks of the same size share one {@link Group}
 * and one {@link Term}: there are at most two sizes (the block and the rest). The block size is
 * a fixed constant, never measured, so the same rows always give the same summation order and
 * the same bits.
 */
final class RowBlocks {
  private final int[] starts;
  private final Group[] groups;
  private final Term[] terms;

  /**
   * @param newGroup a group of n rows
   * @param newTerm  the term over n rows
   */
  RowBlocks(int from, int count, int block, IntFunction<Group> newGroup, IntFunction<Term> newTerm) {
    int size = block <= 0 || block >= count ? count : block;
    int blocks = (count + size - 1) / size;
    starts = new int[blocks];
    groups = new Group[blocks];
    terms = new Term[blocks];
    Group fullGroup = null;
    Term fullTerm = null;
    for (int i = 0; i < blocks; i++) {
      starts[i] = from + i * size;
      int n = Math.min(size, count - i * size);
      if (n == size && fullGroup != null) {
        groups[i] = fullGroup;
        terms[i] = fullTerm;
        continue;
      }
      groups[i] = newGroup.apply(n);
      terms[i] = newTerm.apply(n);
      if (n == size) {
        fullGroup = groups[i];
        fullTerm = terms[i];
      }
    }
  }

  /**
   * Fills each block from the batch's host arrays (h may be null), accumulates its term into
   * {@code grad} with {@code weight}, and returns the sum of the blocks' squared residuals, in
   * block order.
   */
  double accumulate(float[] x0, float[] x1, float[] s, float[] t, float[] h, double weight,
                    Gradient grad) {
    double sum = 0;
    for (int i = 0; i < starts.length; i++) {
      groups[i].fill(x0, x1, s, t, h, starts[i]);
      sum += terms[i].accumulate(groups[i], weight, grad);
    }
    return sum;
  }

  /** Blocks the rows are run in. */
  int blocks() {
    return starts.length;
  }
}

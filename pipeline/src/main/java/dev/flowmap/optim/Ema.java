package dev.flowmap.optim;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exponential moving average of the flat parameter vector, used for evaluation (the paper's
 * decay 0.999); decay 0 means no EMA, and then update does nothing.
 */
public final class Ema {

  private final INDArray weights;
  private final double decay;

  /** Starts the average at a copy of params. */
  public Ema(INDArray params, double decay) {
    if (!(decay >= 0 && decay < 1)) {
      throw new IllegalArgumentException("EMA decay must be in [0, 1), was " + decay);
    }
    InPlace.requireBlasType("params", params.dataType());
    this.weights = params.dup();
    this.decay = decay;
  }

  /** ema <- decay*ema + (1-decay)*params (in place); no-op if decay == 0. */
  public void update(INDArray params) {
    if (decay == 0) {
      return;
    }
    InPlace.requireLike("params", params, weights.length(), weights.dataType());
    average(params, weights);
  }

  /**
   * The update of elements [from, to) alone, bound once to views of params and of the average
   * (see {@link SplitUpdate}); a no-op if decay == 0.
   */
  Runnable part(INDArray params, long from, long to) {
    InPlace.requireLike("params", params, weights.length(), weights.dataType());
    if (decay == 0) {
      return () -> { };
    }
    INDArray p = SplitUpdate.view(params, from, to);
    INDArray w = SplitUpdate.view(weights, from, to);
    return () -> average(p, w);
  }

  private void average(INDArray params, INDArray into) {
    InPlace.scale(decay, into);
    InPlace.axpy(1 - decay, params, into);
  }

  /** The averaged weights (the live buffer; copy it to keep a snapshot). */
  public INDArray weights() {
    return weights;
  }

  /** The decay this average was built with. */
  public double decay() {
    return decay;
  }

  /** Copies weights (from a checkpoint) into the average; the shape must match. */
  public void load(INDArray weights) {
    if (!Arrays.equals(weights.shape(), this.weights.shape())) {
      throw new IllegalArgumentException("EMA weights have shape " + Arrays.toString(weights.shape())
          + ", expected " + Arrays.toString(this.weights.shape()));
    }
    this.weights.assign(weights);
  }
}

package dev.flowmap.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A flat gradient vector laid out like {@link FlowMapMlp#params()}, with per-layer views. */
public final class Gradient {
  private final INDArray flat;
  final INDArray[] weights;
  final INDArray[] biases;
  private final Kernel clear;

  public Gradient(FlowMapMlp net) {
    this.flat = Nd4j.create(net.dtype(), net.params().length());
    this.weights = new INDArray[net.depth() + 1];
    this.biases = new INDArray[net.depth() + 1];
    net.views(flat, weights, biases);
    this.clear = net.ops().fill(flat, 0.0);
  }

  /** The flat gradient (same order as the parameters). */
  public INDArray flat() {
    return flat;
  }

  /** Sets every entry to zero, before a step accumulates into it (allocates nothing). */
  public void zero() {
    clear.run();
  }
}

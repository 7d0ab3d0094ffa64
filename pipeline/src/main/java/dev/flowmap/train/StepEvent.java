package dev.flowmap.train;

import dev.flowmap.loss.Method;
import java.util.Map;

/**
 * One optimizer step's outcome, as published on the step-event stream.
 *
 * @param step          1-based index of the step just applied
 * @param method        the training method
 * @param losses        loss value per term: "diag", the method's own term ("lsd", "psd" or "esd"), and "total"
 * @param gradNorm      global L2 norm of the gradient before clipping
 * @param learningRate  learning rate used for this step
 * @param emaDecay      EMA decay in force (0 when there is no EMA)
 * @param stepNanos     wall time of the loss and optimizer stages for this step
 * @param skipped       true when the step was not applied (non-finite loss or gradient)
 */
public record StepEvent(long step, Method method, Map<String, Double> losses, double gradNorm,
                        double learningRate, double emaDecay, long stepNanos, boolean skipped) {
  public StepEvent {
    // insertion order kept (diag, the method's term, total): Map.copyOf iterates in an order that
    // changes from JVM to JVM, and train.jsonl's keys followed it
    losses = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(losses));
  }

  /** The total loss of this step. */
  public double total() {
    return losses.getOrDefault("total", Double.NaN);
  }
}

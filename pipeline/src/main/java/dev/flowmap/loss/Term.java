package dev.flowmap.loss;

import dev.flowmap.model.Gradient;

/** One squared-residual term of an objective over a group of samples. */
interface Term {
  /**
   * Computes the term's residuals r_i on the group, adds {@code weight} times the gradient of
   * sum_i |r_i|^2 w.r.t. the weights into {@code grad}, and returns sum_i |r_i|^2.
   */
  double accumulate(Group g, double weight, Gradient grad);
}

package dev.flowmap.loss;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The loss of one step, by term: the diagonal (flow matching) term, the method's own term
 * (named {@code term}: lsd, psd or esd; absent for plain flow matching), and their sum.
 */
public record LossTerms(double diag, double main, String term) {
  public double total() {
    return diag + main;
  }

  /** Term name to value, with "total"; the shape of a step event's losses. */
  public Map<String, Double> asMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("diag", diag);
    if (term != null) {
      m.put(term, main);
    }
    m.put("total", total());
    return m;
  }

  /** Whether every term is a finite number. */
  public boolean finite() {
    return Double.isFinite(diag) && Double.isFinite(main);
  }
}

package dev.flowmap.train;

import dev.flowmap.data.Batch;
import dev.flowmap.loss.Faults;
import dev.flowmap.loss.GapBins;
import dev.flowmap.loss.LossSpec;
import dev.flowmap.loss.LossTerms;
import dev.flowmap.loss.Objective;
import dev.flowmap.model.FlowMapMlp;
import dev.flowmap.model.Gradient;
import dev.flowmap.model.Kernel;
import dev.flowmap.model.Ops;
import java.util.ArrayList;
import java.util.List;
import reactor.core.scheduler.Scheduler;

/**
 * The objective split by rows over W workers (docs/speed.md "Both cores: the row split"): worker k owns an
 * {@link Objective} over the k-th contiguous slice of the diagonal and of the off-diagonal rows,
 * with its own passes and gradient, and runs on its own thread with single-threaded ops; the
 * caller's thread is worker 0. The W gradients and losses are then summed in worker order, so the
 * same W always gives the same bits, and different W agree within float rounding. With adaptive
 * gap bins ({@code loss.adaptive_bins}) each worker tallies its rows and the bins move once the
 * step's last batch is done.
 */
final class RowSplit {
  private final Objective[] parts;
  private final Gradient[] grads;
  private final LossTerms[] terms;
  private final Runnable[] work;
  private final ForkJoin fork;
  private final String term;
  private final Ops ops;
  /** LSD's adaptive gap bins, or null without them. */
  private final GapBins gapBins;
  private Gradient bound;
  private Kernel reduce;
  private Batch batch;
  private double scale;
  private boolean zero;

  /**
   * The objective of {@code spec} split over {@code workers} workers, workers 1 to W - 1 running
   * on {@code pool} (null for one worker); {@code faults} break the terms on purpose (tests only).
   */
  RowSplit(FlowMapMlp net, LossSpec spec, Faults faults, int workers, Scheduler pool) {
    fork = new ForkJoin(workers, pool);
    parts = new Objective[workers];
    grads = new Gradient[workers];
    terms = new LossTerms[workers];
    work = new Runnable[workers];
    gapBins = spec.adaptiveBins() > 0 ? new GapBins(spec.adaptiveBins(), workers) : null;
    for (int k = 0; k < workers; k++) {
      parts[k] = Objective.slice(net, spec, faults, Objective.Rows.part(spec.diagCount(), k, workers),
          Objective.Rows.part(spec.offCount(), k, workers), gapBins != null ? gapBins.tally(k) : null);
      grads[k] = k == 0 ? null : new Gradient(net);
      int w = k;
      work[k] = () -> terms[w] = parts[w].compute(batch, w == 0 ? bound : grads[w], scale, zero);
    }
    term = spec.method().term();
    ops = net.ops();
  }

  int workers() {
    return parts.length;
  }

  /** LSD's adaptive gap bins, or null without them. */
  GapBins gapBins() {
    return gapBins;
  }

  /** Zeroes {@code grad}, then leaves in it the whole batch's gradient; returns the loss terms. */
  LossTerms compute(Batch b, Gradient grad) {
    return compute(b, grad, 1.0, true, true);
  }

  /**
   * One of a step's batches ({@code train.late_batches}): {@code first} zeroes the gradients, each
   * batch adds {@code scale} times its gradient to the workers' own, and {@code last} sums them
   * into {@code grad} in worker order (and moves the adaptive gap bins). Returns this batch's terms.
   */
  LossTerms compute(Batch b, Gradient grad, double scale, boolean first, boolean last) {
    LossTerms result = parts.length == 1 ? parts[0].compute(b, grad, scale, first)
        : split(b, grad, scale, first, last);
    if (last && gapBins != null) {
      gapBins.update();
    }
    return result;
  }

  /** The batch on W > 1 workers, their gradients summed into {@code grad} when {@code last}. */
  private LossTerms split(Batch b, Gradient grad, double scale, boolean first, boolean last) {
    bindTo(grad);
    batch = b;
    this.scale = scale;
    this.zero = first;
    try {
      fork.run(work);
    } finally {
      batch = null;
    }
    if (last) {
      reduce.run();
    }
    double diag = 0;
    double main = 0;
    for (LossTerms t : terms) {
      diag += t.diag();
      main += t.main();
    }
    return new LossTerms(diag, main, term);
  }

  /** The in-order sum grad += g_1; grad += g_2; ..., bound once to the caller's gradient. */
  private void bindTo(Gradient grad) {
    if (grad == bound) {
      return;
    }
    List<Kernel> k = new ArrayList<>();
    for (int w = 1; w < grads.length; w++) {
      k.add(ops.add(grad.flat(), grads[w].flat(), grad.flat()));
    }
    reduce = Kernel.seq(k);
    bound = grad;
  }
}

package dev.flowmap.train;

import dev.flowmap.config.RunConfig;
import dev.flowmap.data.Batch;
import dev.flowmap.data.BatchSampler;
import dev.flowmap.loss.Faults;
import dev.flowmap.loss.GapBins;
import dev.flowmap.loss.LossSpec;
import dev.flowmap.loss.LossTerms;
import dev.flowmap.model.FlowMapMlp;
import dev.flowmap.model.Gradient;
import dev.flowmap.optim.Ema;
import dev.flowmap.optim.GradClip;
import dev.flowmap.optim.LrSchedule;
import dev.flowmap.optim.Optimizer;
import dev.flowmap.optim.SplitUpdate;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The synchronous work of one training step, split into the stages the pipeline runs: draw a
 * batch, compute the loss and its gradient (split by rows over {@code train.threads} workers, see
 * {@link RowSplit}), apply the optimizer update (its element-wise work split over the same
 * workers in fixed parts, see {@link SplitUpdate}, unless {@code -Dflowmap.splitOptimizer=false}
 * or OpenBLAS has more than one thread).
 * All device buffers are allocated here, once. A trainer of W > 1 workers owns a pool of W - 1
 * threads; {@link #close} disposes it.
 */
public final class Trainer implements AutoCloseable {
  private final RunConfig config;
  private final FlowMapMlp net;
  private final Gradient grad;
  private final RowSplit objective;
  private final Scheduler workerPool;
  private final WorkerThreads workerThreads = new WorkerThreads("flowmap-worker");
  private final Optimizer optimizer;
  private final LrSchedule schedule;
  private final Ema ema;
  private final SplitUpdate update;
  private final Runnable[] updateParts;
  private final ForkJoin updateFork;
  private final BatchSampler sampler;
  /** The further batches of a late step (train.late_batches), or null without them. */
  private final Batch lateBatch;
  private final LossSpec spec;
  private final Teacher teacher;
  /** The state a rollback returns to (optim.rollback_norm): the last checkpoint's. */
  private INDArray pointParams;
  private List<INDArray> pointState;
  private INDArray pointEma;
  private double[] pointGapBins;
  private long pointStep;
  private int rollbacks;

  /** The most rollbacks a run makes; the next spike ends it as diverged. */
  public static final int MAX_ROLLBACKS = 5;

  /** What the loss stage hands to the optimizer stage. */
  public record LossOutcome(long step, LossTerms terms, long startNanos) {}

  public Trainer(RunConfig config, FlowMapMlp net) {
    this(config, net, Faults.NONE);
  }

  /** As above, with the loss terms broken as {@code faults} say (tests only). */
  public Trainer(RunConfig config, FlowMapMlp net, Faults faults) {
    this.config = config;
    this.net = net;
    this.teacher = Teacher.load(config, net);
    this.spec = config.loss().spec(config.train().batch())
        .withTeacher(teacher != null ? teacher.net() : null);
    this.grad = new Gradient(net);
    this.sampler = new BatchSampler(RunSetup.board(config), RunSetup.baseSigma(config),
        spec.diagCount(), spec.offCount(), config.loss().times(), spec.method().uniformSplit(),
        config.train().seed(), config.loss().pairs());
    this.lateBatch = config.train().lateBatches() > 1 ? sampler.newBatch() : null;
    int workers = Math.max(1, config.train().threads());
    this.workerPool = workers > 1 ? Schedulers.newParallel(workers - 1, workerThreads) : null;
    this.objective = new RowSplit(net, spec, faults, workers, workerPool);
    var o = config.optim();
    this.optimizer = o.name().create(net.params().length(), net.dtype(), o.beta1(), o.beta2(),
        o.eps(), o.weightDecay());
    this.schedule = o.schedule().schedule(o.lr(), o.warmup(), o.decaySteps(),
        config.train().steps());
    this.ema = new Ema(net.params(), o.ema());
    if (workers > 1 && net.ops().splitOptimizer()) {
      this.update = new SplitUpdate(optimizer, ema, net.params(), grad.flat(), workers);
      this.updateParts = new Runnable[workers];
      for (int k = 0; k < workers; k++) {
        int part = k;
        updateParts[k] = () -> update.run(part);
      }
      this.updateFork = new ForkJoin(workers, workerPool);
    } else {
      this.update = null;
      this.updateParts = null;
      this.updateFork = null;
    }
  }

  /** A reusable batch buffer of the configured sizes. */
  public Batch newBatch() {
    return sampler.newBatch();
  }

  /** Draws batch {@code step} (a pure function of the seed and the step). */
  public Batch fill(Batch batch, long step) {
    sampler.fill(batch, step);
    return batch;
  }

  /**
   * Loss stage: the loss terms, with the gradient left in this trainer's buffer. A late step
   * ({@code train.late_batches} k > 1, after {@code train.late_from} of the steps) draws its
   * batches 1 to k - 1 here, into a buffer of its own, and leaves the mean of the k batches'
   * gradients and terms: the step of a batch k times as large.
   */
  public LossOutcome computeLoss(Batch batch) {
    long start = System.nanoTime();
    int k = config.train().batchesAt(batch.step());
    LossTerms terms = k == 1 ? objective.compute(batch, grad) : lateStep(batch, k);
    return new LossOutcome(batch.step(), terms, start);
  }

  private LossTerms lateStep(Batch batch, int k) {
    double scale = 1.0 / k;
    LossTerms first = objective.compute(batch, grad, scale, true, false);
    double diag = first.diag();
    double main = first.main();
    for (int part = 1; part < k; part++) {
      sampler.fill(lateBatch, batch.step(), part);
      LossTerms t = objective.compute(lateBatch, grad, scale, false, part == k - 1);
      diag += t.diag();
      main += t.main();
    }
    return new LossTerms(diag / k, main / k, first.term());
  }

  /**
   * Optimizer stage: clips, updates the weights and the EMA, and reports the step. A loss or
   * gradient that is not finite, or (with {@code optim.rollback_norm}) a gradient norm above the
   * limit, is not applied: with rollbacks on, the run goes back to its {@linkplain
   * #markRollbackPoint rollback point} with half the learning rate and the event says so ({@link
   * StepEvent#skipped}); without them, or after {@link #MAX_ROLLBACKS}, it throws {@link
   * DivergedException}.
   */
  public StepEvent applyUpdate(LossOutcome outcome) {
    var o = config.optim();
    boolean split = update != null && SplitUpdate.applies();
    double norm = split ? GradClip.norm(grad.flat()) : GradClip.clipGlobalNorm(grad.flat(), o.clip());
    boolean broken = !outcome.terms().finite() || !Double.isFinite(norm);
    if (broken || (o.rollbacks() && norm > o.rollbackNorm())) {
      if (!o.rollbacks() || rollbacks >= MAX_ROLLBACKS) {
        throw new DivergedException(outcome.step(), outcome.terms().total(), norm);
      }
      rollBack();
      return new StepEvent(outcome.step(), spec.method(), outcome.terms().asMap(), norm,
          schedule.lr(outcome.step()) * lrScale(), ema.decay(), System.nanoTime() - outcome.startNanos(),
          true);
    }
    double lr = schedule.lr(outcome.step()) * lrScale();
    if (!split) {
      optimizer.step(net.params(), grad.flat(), outcome.step(), lr);
      ema.update(net.params());
    } else {
      update.prepare(GradClip.factor(norm, o.clip()), outcome.step(), lr);
      updateFork.run(updateParts);
    }
    return new StepEvent(outcome.step(), spec.method(), outcome.terms().asMap(), norm, lr, ema.decay(),
        System.nanoTime() - outcome.startNanos(), false);
  }

  /**
   * Makes the current state (weights, optimizer moments, EMA) the one a rollback returns to; the
   * run calls it at its start and whenever it writes a checkpoint, so that a run resumed from a
   * checkpoint rolls back to the same state as the run that wrote it.
   */
  public void markRollbackPoint(long step) {
    if (!config.optim().rollbacks()) {
      return;
    }
    pointParams = net.params().dup();
    pointState = optimizer.state();
    pointEma = ema.decay() > 0 ? ema.weights().dup() : null;
    pointGapBins = gapBinState();
    pointStep = step;
  }

  private void rollBack() {
    net.params().assign(pointParams);
    optimizer.load(pointState);
    if (pointEma != null) {
      ema.load(pointEma);
    }
    restoreGapBins(pointGapBins);
    rollbacks++;
  }

  /** The step of the state a rollback returns to. */
  public long rollbackPoint() {
    return pointStep;
  }

  /** The factor on the scheduled learning rate: 0.5 to the power of the rollbacks so far. */
  public double lrScale() {
    return Math.pow(0.5, rollbacks);
  }

  /** Rollbacks so far in this run, resumes included. */
  public int rollbacks() {
    return rollbacks;
  }

  /** Restores the rollback count (and with it the learning-rate factor) of a resumed run. */
  public void restoreRollbacks(int count) {
    if (count < 0 || count > MAX_ROLLBACKS) {
      throw new IllegalArgumentException("rollback count " + count + " not in 0.." + MAX_ROLLBACKS);
    }
    rollbacks = count;
  }

  /**
   * The moving averages and shares of LSD's adaptive gap bins ({@code loss.adaptive_bins}), as the
   * checkpoint saves them ({@link GapBins#state}); empty without them.
   */
  public double[] gapBinState() {
    GapBins bins = objective.gapBins();
    return bins != null ? bins.state() : new double[0];
  }

  /**
   * Restores the adaptive gap bins' averages and shares of a resumed run; a checkpoint without
   * them (an older file, or a run without bins) leaves the bins fresh.
   *
   * @throws IllegalArgumentException when the checkpoint has a different number of bins
   */
  public void restoreGapBins(double[] state) {
    GapBins bins = objective.gapBins();
    if (state.length == 0) {
      return;
    }
    if (bins == null) {
      throw new IllegalArgumentException("the checkpoint has " + state.length / 2
          + " adaptive gap bins, the config has none (loss.adaptive_bins)");
    }
    bins.load(state);
  }

  /** Workers the step is split over ({@code train.threads}; 0, not yet resolved, runs one). */
  public int workers() {
    return objective.workers();
  }

  /**
   * The threads besides the caller's that run this trainer's loss stage: its pool's, once they
   * have started (none for one worker). {@code bench} sums their heap allocation with the caller's.
   */
  public List<Thread> workerThreads() {
    return workerThreads.threads();
  }

  public FlowMapMlp network() {
    return net;
  }

  /** The EMA weights as a network (the raw network when there is no EMA). */
  public FlowMapMlp emaNetwork() {
    return ema.decay() > 0 ? net.withParams(ema.weights()) : net;
  }

  /** LSD's frozen teacher ({@code loss.teacher}), or null when the run distills itself. */
  public Teacher teacher() {
    return teacher;
  }

  /** The gradient buffer the loss stage leaves its gradient in (tests). */
  Gradient gradient() {
    return grad;
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  public Ema ema() {
    return ema;
  }

  /** Disposes the worker pool (nothing to do for one worker). */
  @Override
  public void close() {
    if (workerPool != null) {
      workerPool.dispose();
    }
  }

  /** Floating-point operations of one step's GEMMs, for throughput figures. */
  public long flopsPerStep() {
    return spec.method().flopsPerStep(net.forwardFlops(1), spec.diagCount(), spec.offCount());
  }
}

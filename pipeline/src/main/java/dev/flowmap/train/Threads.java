package dev.flowmap.train;

import dev.flowmap.config.RunConfig;
import dev.flowmap.data.Batch;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The thread split of a training step, from {@code train.threads}: W workers (see
 * {@link RowSplit}), each running its own slice of the batch with single-threaded ops on its own
 * core. ND4J's element-wise pool and OpenBLAS's GEMM pool are separate, and two of them spinning
 * on two shared cores made a step 2 to 4 times slower; one thread in each pool per worker keeps
 * every core busy with its own GEMM instead.
 *
 * <p>{@code train.threads = W > 0} runs W workers. {@code 0} (auto) times a few steps of the
 * config's own loss stage for every W from 1 to the core count (at most 8) and takes the fastest;
 * {@link #resolve} writes the choice into the config, so the run's saved config, and a resumed
 * run, use the same W (same W, same bits). The choice is measured once per shape and kept in the
 * {@link ComputeContext}.
 */
public final class Threads {
  private static final int MAX_AUTO = 8;
  private static final int WARMUP = 2;
  private static final int TIMED = 3;

  /** The settings in force: workers, element-wise threads and GEMM threads. */
  public record Choice(int workers, int elementwise, int blas) {
    @Override
    public String toString() {
      return workers + (workers == 1 ? " worker" : " workers") + " (element-wise threads "
          + elementwise + ", GEMM threads " + blas + ")";
    }
  }

  /** What auto measured: milliseconds per loss stage for each worker count tried, and the fastest. */
  public record Calibration(int chosen, Map<Integer, Double> msPerLossStage) {}

  private Threads() {}

  /**
   * Sets ND4J's and OpenBLAS's pools for {@code threads} workers: one element-wise thread and one
   * GEMM thread each. {@code 0} (no step split chosen yet: sampling and evaluation commands) keeps
   * one element-wise thread and gives GEMM every core.
   */
  public static Choice apply(int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException("train.threads must be >= 0, was " + threads);
    }
    int blas = threads > 0 ? 1 : cores();
    var env = Nd4j.getEnvironment();
    env.setMaxMasterThreads(1);
    env.setMaxThreads(1);
    Nd4j.factory().blas().setMaxThreads(blas);
    return new Choice(Math.max(threads, 1), Nd4j.getEnvironment().maxMasterThreads(),
        Nd4j.factory().blas().getMaxThreads());
  }

  /**
   * The config with {@code train.threads} resolved (auto measured, see {@link #calibrate}) and the
   * pools set for it.
   */
  public static RunConfig resolve(ComputeContext compute, RunConfig c) {
    return resolve(compute, c, () -> false);
  }

  /**
   * As above; {@code stop} is asked before each timed loss stage of the calibration, which then
   * ends with {@link StopRequest.Stopped} (nothing measured is kept).
   */
  public static RunConfig resolve(ComputeContext compute, RunConfig c, BooleanSupplier stop) {
    int w = c.train().threads() > 0 ? c.train().threads() : calibrate(compute, c, stop).chosen();
    apply(w);
    return withThreads(c, w);
  }

  /**
   * Times the config's loss stage for each worker count from 1 to the cores (cached per shape in
   * {@code compute}).
   */
  public static Calibration calibrate(ComputeContext compute, RunConfig c) {
    return calibrate(compute, c, () -> false);
  }

  /** As above, ended by {@link StopRequest.Stopped} once {@code stop} says so. */
  public static Calibration calibrate(ComputeContext compute, RunConfig c, BooleanSupplier stop) {
    List<Object> key = List.of(c.model(), c.loss(), c.data(), c.train().batch());
    return compute.calibration(key, k -> measure(compute, c, stop));
  }

  private static Calibration measure(ComputeContext compute, RunConfig c, BooleanSupplier stop) {
    Map<Integer, Double> ms = new java.util.LinkedHashMap<>();
    int best = 1;
    for (int w = 1; w <= Math.min(cores(), MAX_AUTO); w++) {
      ms.put(w, msPerLossStage(compute, withThreads(c, w), WARMUP, TIMED, stop));
      if (ms.get(w) < ms.get(best)) {
        best = w;
      }
    }
    return new Calibration(best, Map.copyOf(ms));
  }

  /**
   * The best of {@code timed} loss stages (ms) after {@code warmup}, with the pools set for the
   * config: the stage the split changes; the weights are never updated, so a config that diverges
   * does so in the run itself.
   */
  private static double msPerLossStage(ComputeContext compute, RunConfig c, int warmup, int timed,
                                       BooleanSupplier stop) {
    apply(c.train().threads());
    try (Trainer trainer = new Trainer(c, compute.newNetwork(c, DataType.FLOAT))) {
      Batch b = trainer.newBatch();
      double best = Double.MAX_VALUE;
      for (int i = 1; i <= warmup + timed; i++) {
        if (stop.getAsBoolean()) {
          throw new StopRequest.Stopped("the worker calibration");
        }
        long t0 = System.nanoTime();
        trainer.computeLoss(trainer.fill(b, i));
        if (i > warmup) {
          best = Math.min(best, (System.nanoTime() - t0) / 1e6);
        }
      }
      return best;
    }
  }

  /** The config with {@code train.threads} replaced. */
  public static RunConfig withThreads(RunConfig c, int threads) {
    return c.withTrain(c.train().withThreads(threads));
  }

  static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }
}

package dev.flowmap.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowmap.config.RunConfig;
import dev.flowmap.data.Batch;
import dev.flowmap.loss.Method;
import dev.flowmap.model.FlowMapMlp;
import dev.flowmap.model.OpenBlas;
import dev.flowmap.model.Ops;
import dev.flowmap.sample.FlowMapSampler;
import dev.flowmap.train.ComputeContext;
import dev.flowmap.train.Platform;
import dev.flowmap.train.RunSetup;
import dev.flowmap.train.StepProfile;
import dev.flowmap.train.Threads;
import dev.flowmap.train.Trainer;
import java.io.PrintWriter;
import java.util.List;
import java.util.TreeMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * {@code bench}: measures the training step of each objective at the config's model and batch:
 * milliseconds per step, GEMM floating-point operations per step and the rate achieved, next to
 * plain GEMM on the same shapes in the same process; native allocations and heap bytes allocated
 * per step (by the caller's and the workers' threads, after the warm-up); and one-step samples per
 * second. Prints a line per figure and returns them all as JSON (docs/speed.md).
 *
 * @param methods the objectives to time, in order
 * @param steps   timed steps per objective
 * @param warmup  untimed steps first
 * @param profile also split one step on one worker into phases, and time the stages of a step on
 *                its workers (see {@link StepProfile})
 */
public record Bench(List<Method> methods, int steps, int warmup, boolean profile) {
  /** Samples per generated batch in the generation figure (the default {@code serve.batch}). */
  static final int GEN_BATCH = 4096;

  public Bench {
    methods = List.copyOf(methods);
    if (steps < 1 || warmup < 0) {
      throw new IllegalArgumentException("steps must be >= 1 and warmup >= 0, got " + steps
          + " and " + warmup);
    }
  }

  /** Measures everything on {@code base}'s shapes, printing to {@code out}; returns the JSON. */
  public ObjectNode measure(RunConfig base, PrintWriter out) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    int width = base.model().width();
    int batch = base.train().batch();
    int cores = Runtime.getRuntime().availableProcessors();
    ComputeContext compute = ComputeContext.create();
    root.put("width", width).put("depth", base.model().depth()).put("batch", batch)
        .put("activation", base.model().activation().toString()).put("cores", cores)
        .put("train_threads", base.train().threads())
        .put("elementwise_path", compute.ops().describe())
        .put("blas_core", OpenBlas.coreName());
    Threads.apply(1);
    double gemmOne = gemmGflops(batch, width);
    Threads.apply(0);
    double gemm1 = gemmGflops(batch, width);
    double gemm2 = gemmGflops(2 * batch, width);
    root.put("gemm_gflops_one_thread_" + batch + "x" + width + "x" + width, gemmOne);
    root.put("gemm_gflops_" + batch + "x" + width + "x" + width, gemm1);
    root.put("gemm_gflops_" + 2 * batch + "x" + width + "x" + width, gemm2);
    out.printf("model %dx%d %s, batch %d, %d cores, train.threads=%d%n", width, base.model().depth(),
        base.model().activation(), batch, cores, base.train().threads());
    out.printf("hidden layers' element-wise work: %s%n", compute.ops().describe());
    out.printf("OpenBLAS core: %s%n", Platform.blasCoreLine());
    out.printf("plain GEMM %dx%d by %dx%d: %.1f GFLOP/s on one thread; on %d threads %.1f GFLOP/s,"
        + " and %.1f for %dx%d by %dx%d%n", batch, width, width, width, gemmOne, cores, gemm1, gemm2,
        2 * batch, width, width, width);
    ArrayNode rows = root.putArray("methods");
    for (Method m : methods) {
      timeSteps(compute, base.withMethod(m), rows.addObject().put("method", m.toString()), out);
    }
    if (profile) {
      Threads.apply(1);
      out.printf("per-phase split of one step on one worker (ms; thin: GEMMs with a side of at most %d):%n"
          + "%-6s %8s %8s %8s %8s %12s %10s %10s %8s%n", Ops.THIN_GEMM,
          "method", "batch", "GEMM", "thin", "fused", "ND4J e-wise", "other-loss", "optimizer", "total");
      ArrayNode prof = root.putArray("profile_one_worker_ms");
      for (Method m : methods) {
        StepProfile p = StepProfile.measure(compute, Threads.withThreads(base.withMethod(m), 1), warmup,
            steps);
        prof.add(p.json(mapper).put("method", m.toString()));
        out.printf("%-6s %8.2f %8.2f %8.2f %8.2f %12.2f %10.2f %10.2f %8.2f%n", m, p.batch(), p.gemm(),
            p.thinGemm(), p.fused(), p.elementwise(), p.otherLoss(), p.optimizer(), p.total());
      }
      out.printf("the step's stages on its workers (ms; optimizer %s):%n%-6s %8s %8s %8s %10s %8s%n",
          compute.ops().splitOptimizer() ? "split over the workers" : "on one thread, -Dflowmap.splitOptimizer=false",
          "method", "workers", "batch", "loss", "optimizer", "total");
      ArrayNode stages = root.putArray("profile_stages_ms");
      for (int i = 0; i < methods.size(); i++) {
        Method m = methods.get(i);
        int w = rows.get(i).path("workers").asInt();
        Threads.apply(w);
        StepProfile.Stages s = StepProfile.stages(compute, Threads.withThreads(base.withMethod(m), w),
            warmup, steps);
        stages.add(s.json(mapper).put("method", m.toString()));
        out.printf("%-6s %8d %8.2f %8.2f %10.2f %8.2f%n", m, w, s.batch(), s.loss(), s.optimizer(), s.total());
      }
    }
    int genThreads = cores;
    Threads.apply(genThreads);
    double sps = samplesPerSecond(compute, base, genThreads);
    root.put("one_step_samples_per_second", sps).put("generation_threads", genThreads);
    out.printf("one-step generation: %.0f samples/s (%d threads, one sampler each)%n", sps, genThreads);
    Threads.apply(0);
    return root;
  }

  /**
   * Times {@link #steps} training steps of {@code c} after {@link #warmup} on its workers
   * (calibrated first when {@code train.threads} is 0), into {@code row} and a line of {@code out}.
   */
  private void timeSteps(ComputeContext compute, RunConfig c, ObjectNode row, PrintWriter out) {
    Method m = c.loss().method();
    int workers = c.train().threads();
    if (workers == 0) {
      Threads.Calibration cal = Threads.calibrate(compute, c);
      workers = cal.chosen();
      ObjectNode tried = row.putObject("splits_tried_loss_stage_ms");
      StringBuilder line = new StringBuilder();
      for (var e : new TreeMap<>(cal.msPerLossStage()).entrySet()) {
        tried.put(Integer.toString(e.getKey()), e.getValue());
        line.append(String.format("  %d %s %.1f ms", e.getKey(), e.getKey() == 1 ? "worker" : "workers",
            e.getValue()));
      }
      out.printf("%s: auto split, loss stage tried with%s; chose %d%n", m, line, workers);
    }
    Threads.Choice choice = Threads.apply(workers);
    try (Trainer trainer = new Trainer(Threads.withThreads(c, workers),
        compute.newNetwork(c, DataType.FLOAT))) {
      Batch b = trainer.newBatch();
      for (int i = 1; i <= warmup; i++) {
        trainer.applyUpdate(trainer.computeLoss(trainer.fill(b, i)));
      }
      HeapAllocation heap = HeapAllocation.start(trainer::workerThreads);
      long allocs = Nd4j.getDeallocatorService().nextValue();
      long t0 = System.nanoTime();
      for (int i = 1; i <= steps; i++) {
        trainer.applyUpdate(trainer.computeLoss(trainer.fill(b, warmup + i)));
      }
      double ms = (System.nanoTime() - t0) / 1e6 / steps;
      double perStep = (Nd4j.getDeallocatorService().nextValue() - allocs - 1) / (double) steps;
      long heapBytes = heap.bytes();
      double heapPerStep = heapBytes < 0 ? -1 : heapBytes / (double) steps;
      double gflop = trainer.flopsPerStep() / 1e9;
      row.put("workers", workers).put("gemm_threads", choice.blas()).put("ms_per_step", ms)
          .put("steps_per_second", 1e3 / ms).put("gflop_per_step", gflop)
          .put("gflops", gflop / (ms / 1e3)).put("native_allocations_per_step", perStep)
          .put("heap_bytes_per_step", heapPerStep);
      out.printf("%-6s %d %s: %8.1f ms/step %6.2f steps/s %8.3f GFLOP/step %7.1f GFLOP/s %6.1f allocs/step"
          + " %9.0f heap bytes/step%n", m, workers, workers == 1 ? "worker " : "workers", ms, 1e3 / ms, gflop,
          gflop / (ms / 1e3), perStep, heapPerStep);
      out.flush();
    }
  }

  /** GFLOP/s of a preallocated float GEMM (rows x k) by (k x k), best of a few rounds. */
  static double gemmGflops(int rows, int k) {
    INDArray a = Nd4j.rand(DataType.FLOAT, rows, k);
    INDArray w = Nd4j.rand(DataType.FLOAT, k, k);
    INDArray c = Nd4j.create(DataType.FLOAT, rows, k);
    int reps = 20;
    double best = 0;
    for (int round = 0; round < 4; round++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < reps; i++) {
        Nd4j.gemm(a, w, c, false, false, 1.0, 0.0);
      }
      double s = (System.nanoTime() - t0) / 1e9;
      best = Math.max(best, 2.0 * rows * k * k * reps / s / 1e9);
    }
    return best;
  }

  /**
   * One-step samples per second with {@code threads} workers each generating its own batches of
   * {@link #GEN_BATCH} with its own sampler, as the server's generation scheduler does: the same
   * kind of Reactor parallel scheduler as the server's and the training workers', made for this
   * measurement and disposed after it.
   */
  static double samplesPerSecond(ComputeContext compute, RunConfig c, int threads) {
    FlowMapMlp net = compute.newNetwork(c, DataType.FLOAT);
    int reps = 16;
    FlowMapSampler[] samplers = new FlowMapSampler[threads];
    float[][] xy = new float[threads][2 * GEN_BATCH];
    for (int k = 0; k < threads; k++) {
      samplers[k] = RunSetup.sampler(c, net, GEN_BATCH);
      samplers[k].generate(1, 1, GEN_BATCH, xy[k]);
    }
    Scheduler pool = Schedulers.newParallel("flowmap-bench-gen", threads, true);
    try {
      long t0 = System.nanoTime();
      Flux.range(0, threads)
          .flatMap(w -> Mono.fromRunnable(() -> {
            for (int i = 0; i < reps; i++) {
              samplers[w].generate(1, 1000L * w + i, GEN_BATCH, xy[w]);
            }
          }).subscribeOn(pool), threads)
          .blockLast();
      return (double) GEN_BATCH * reps * threads / ((System.nanoTime() - t0) / 1e9);
    } finally {
      pool.dispose();
    }
  }
}

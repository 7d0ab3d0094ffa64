package dev.flowmap.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowmap.config.RunConfig;
import dev.flowmap.data.Batch;
import dev.flowmap.eval.AtomicFiles;
import dev.flowmap.model.FlowMapMlp;
import dev.flowmap.sample.FlowMapSampler;
import dev.flowmap.train.RunSetup;
import dev.flowmap.train.Threads;
import dev.flowmap.train.Trainer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Measures the training step of each objective at the config's model and batch: milliseconds per
 * step, GEMM floating-point operations per step and the rate achieved, next to plain GEMM on the
 * same shapes in the same process; native allocations per step; and one-step samples per second.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmark the training step of each objective against plain GEMM; prints text, writes JSON.")
final class BenchCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions configOptions;

  @Option(names = "--methods", split = ",", defaultValue = "fm,lsd,psd-m,psd-u,esd",
      description = "objectives to time, default ${DEFAULT-VALUE}")
  List<String> methods;

  @Option(names = "--steps", defaultValue = "20", description = "timed steps per objective, default ${DEFAULT-VALUE}")
  int steps;

  @Option(names = "--warmup", defaultValue = "5", description = "untimed steps first, default ${DEFAULT-VALUE}")
  int warmup;

  @Option(names = "--json", defaultValue = "bench.json", description = "JSON output file, default ${DEFAULT-VALUE}")
  Path json;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Args.check(spec, steps >= 1, "--steps", steps, "must be >= 1");
    Args.check(spec, warmup >= 0, "--warmup", warmup, "must be >= 0");
    RunConfig base = configOptions.load();
    Threads.Choice threads = Threads.apply(base.train().threads());
    for (String m : methods) {
      Args.check(spec, dev.flowmap.config.LossConfig.METHODS.contains(m), "--methods", m,
          "entries must be one of " + dev.flowmap.config.LossConfig.METHODS);
    }
    var out = spec.commandLine().getOut();
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    int width = base.model().width();
    int batch = base.train().batch();
    root.put("width", width).put("depth", base.model().depth()).put("batch", batch)
        .put("activation", base.model().activation()).put("cores", Runtime.getRuntime().availableProcessors())
        .put("train_threads", base.train().threads()).put("elementwise_threads", threads.elementwise())
        .put("gemm_threads", threads.blas());
    double gemm1 = gemmGflops(batch, width);
    double gemm2 = gemmGflops(2 * batch, width);
    root.put("gemm_gflops_" + batch + "x" + width + "x" + width, gemm1);
    root.put("gemm_gflops_" + 2 * batch + "x" + width + "x" + width, gemm2);
    out.printf("model %dx%d %s, batch %d, %d cores; train.threads=%d: %s%n", width, base.model().depth(),
        base.model().activation(), batch, Runtime.getRuntime().availableProcessors(),
        base.train().threads(), threads);
    out.printf("plain GEMM %dx%d by %dx%d: %.1f GFLOP/s; %dx%d by %dx%d: %.1f GFLOP/s%n",
        batch, width, width, width, gemm1, 2 * batch, width, width, width, gemm2);
    out.printf("%-6s %10s %12s %10s %14s%n", "method", "ms/step", "GFLOP/step", "GFLOP/s", "allocs/step");
    ArrayNode rows = root.putArray("methods");
    for (String m : methods) {
      RunConfig c = base.withMethod(m);
      Trainer trainer = new Trainer(c, RunSetup.newNetwork(c, DataType.FLOAT));
      Batch b = trainer.newBatch();
      for (int i = 1; i <= warmup; i++) {
        trainer.applyUpdate(trainer.computeLoss(trainer.fill(b, i)));
      }
      long allocs = Nd4j.getDeallocatorService().nextValue();
      long t0 = System.nanoTime();
      for (int i = 1; i <= steps; i++) {
        trainer.applyUpdate(trainer.computeLoss(trainer.fill(b, warmup + i)));
      }
      double ms = (System.nanoTime() - t0) / 1e6 / steps;
      double perStep = (Nd4j.getDeallocatorService().nextValue() - allocs - 1) / (double) steps;
      double gflop = trainer.flopsPerStep() / 1e9;
      rows.addObject().put("method", m).put("ms_per_step", ms).put("gflop_per_step", gflop)
          .put("gflops", gflop / (ms / 1e3)).put("native_allocations_per_step", perStep);
      out.printf("%-6s %10.1f %12.3f %10.1f %14.1f%n", m, ms, gflop, gflop / (ms / 1e3), perStep);
      out.flush();
    }
    double sps = samplesPerSecond(base);
    root.put("one_step_samples_per_second", sps);
    out.printf("one-step generation: %.0f samples/s%n", sps);
    AtomicFiles.writeString(json, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    out.println("wrote " + json);
    out.println(mapper.writeValueAsString(root));
    return 0;
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

  private static double samplesPerSecond(RunConfig c) {
    FlowMapMlp net = RunSetup.newNetwork(c, DataType.FLOAT);
    int count = 65536;
    FlowMapSampler sampler = RunSetup.sampler(c, net, 16384);
    float[] xy = new float[2 * count];
    sampler.generate(1, 1, count, xy);
    long t0 = System.nanoTime();
    int reps = 4;
    for (int i = 0; i < reps; i++) {
      sampler.generate(1, i, count, xy);
    }
    return count * (double) reps / ((System.nanoTime() - t0) / 1e9);
  }
}

package dev.flowmap.train;

import dev.flowmap.config.ConfigLoader;
import dev.flowmap.config.RunConfig;
import dev.flowmap.data.Batch;
import dev.flowmap.loss.Method;
import dev.flowmap.config.Vocabulary;
import dev.flowmap.model.OpClock;
import dev.flowmap.model.Ops;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A measuring tool, not a test: A/B variants of the compute context ({@link Ops}: row block,
 * direct GEMM, fused) timed one training step at a time, alternating A B A B in one JVM, so that a
 * machine whose load drifts (a shared one) slows both alike. Prints each variant's minimum and
 * median step time and GEMM time (its own {@link OpClock}), and their ratios to the first variant.
 *
 * <pre>
 * mvn -B -o -q -DskipTests package && cd pipeline && mvn -B -o -q test-compile
 * java --add-modules jdk.incubator.vector -cp target/flowmap.jar:target/test-classes \
 *   dev.flowmap.train.StepAlternation ../configs/default.yaml lsd 1 40 rb=0 rb=256 rb=512
 * </pre>
 *
 * Arguments: config, method, workers, timed steps per variant, then one variant each, as
 * comma-separated {@code rb=N} (row block), {@code dg=true|false} (direct GEMM), {@code
 * fused=true|false}, {@code so=true|false} (the optimizer stage split over the workers). Besides
 * the step it times the optimizer stage alone.
 */
public final class StepAlternation {
  private StepAlternation() {}

  public static void main(String[] args) throws Exception {
    RunConfig base = ConfigLoader.load(Path.of(args[0]), List.of());
    Method method = Vocabulary.find(Method.class, args[1]);
    int workers = Integer.parseInt(args[2]);
    int steps = Integer.parseInt(args[3]);
    RunConfig c = Threads.withThreads(base.withMethod(method), workers);
    Threads.apply(workers);
    List<String> names = new ArrayList<>();
    List<Trainer> trainers = new ArrayList<>();
    List<OpClock> clocks = new ArrayList<>();
    for (int i = 4; i < args.length; i++) {
      Ops ops = parse(args[i]);
      ComputeContext compute = ComputeContext.create(ops);
      names.add(args[i]);
      trainers.add(new Trainer(c, compute.newNetwork(c, DataType.FLOAT)));
      clocks.add(ops.clock());
    }
    int v = trainers.size();
    Batch[] batches = new Batch[v];
    for (int k = 0; k < v; k++) {
      batches[k] = trainers.get(k).newBatch();
      for (int i = 1; i <= 5; i++) {
        step(trainers.get(k), batches[k], i);
      }
    }
    double[][] ms = new double[v][steps];
    double[][] gemm = new double[v][steps];
    double[][] opt = new double[v][steps];
    for (int i = 0; i < steps; i++) {
      for (int j = 0; j < v; j++) {
        int k = (i % 2 == 0) ? j : v - 1 - j; // A B C, then C B A: no variant always goes first
        OpClock clock = clocks.get(k);
        clock.reset();
        clock.enable(true);
        long t0 = System.nanoTime();
        opt[k][i] = step(trainers.get(k), batches[k], 6 + i);
        ms[k][i] = (System.nanoTime() - t0) / 1e6;
        clock.enable(false);
        gemm[k][i] = clock.gemmNanos() / 1e6;
      }
    }
    double[] load = new double[1];
    try {
      load[0] = Double.parseDouble(java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (Exception e) {
      load[0] = -1;
    }
    System.out.printf("%s, %s, %d worker(s), %d steps per variant, alternating; load %.1f at the end%n",
        args[0], method, workers, steps, load[0]);
    double minA = min(ms[0]);
    double medA = median(ms[0]);
    for (int k = 0; k < v; k++) {
      System.out.printf("%-24s step min %8.2f median %8.2f ms (x%.3f, x%.3f)   GEMM min %8.2f median %8.2f ms"
          + "   optimizer min %6.3f median %6.3f ms (x%.3f, x%.3f)%n",
          names.get(k), min(ms[k]), median(ms[k]), min(ms[k]) / minA, median(ms[k]) / medA,
          min(gemm[k]), median(gemm[k]), min(opt[k]), median(opt[k]), min(opt[k]) / min(opt[0]),
          median(opt[k]) / median(opt[0]));
    }
    for (Trainer t : trainers) {
      t.close();
    }
  }

  /** One step; returns the optimizer stage's milliseconds. */
  private static double step(Trainer t, Batch b, long i) {
    Trainer.LossOutcome o = t.computeLoss(t.fill(b, i));
    long t0 = System.nanoTime();
    t.applyUpdate(o);
    return (System.nanoTime() - t0) / 1e6;
  }

  private static Ops parse(String spec) {
    boolean fused = true;
    int rowBlock = Ops.DEFAULT_ROW_BLOCK;
    boolean direct = Ops.DEFAULT_DIRECT_GEMM;
    boolean split = Ops.DEFAULT_SPLIT_OPTIMIZER;
    for (String kv : spec.split(",")) {
      String[] p = kv.split("=");
      switch (p[0]) {
        case "rb" -> rowBlock = Integer.parseInt(p[1]);
        case "dg" -> direct = Boolean.parseBoolean(p[1]);
        case "fused" -> fused = Boolean.parseBoolean(p[1]);
        case "so" -> split = Boolean.parseBoolean(p[1]);
        default -> throw new IllegalArgumentException("unknown setting " + kv);
      }
    }
    return Ops.of(fused, rowBlock, direct, split);
  }

  private static double min(double[] a) {
    return Arrays.stream(a).min().orElse(Double.NaN);
  }

  private static double median(double[] a) {
    double[] s = a.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}

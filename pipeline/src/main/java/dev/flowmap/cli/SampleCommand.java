package dev.flowmap.cli;

import dev.flowmap.config.Vocabulary;
import dev.flowmap.eval.AtomicFiles;
import dev.flowmap.sample.EmaOrRaw;
import dev.flowmap.sample.FlowMapSampler;
import dev.flowmap.sample.Integrator;
import dev.flowmap.train.CheckpointModel;
import dev.flowmap.train.RunSetup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Generates samples from a checkpoint by composing the map over N steps, or by integrating its
 * diagonal velocity in N Euler or Heun steps ({@code --integrate}).
 */
@Command(name = "sample", mixinStandardHelpOptions = true,
    description = "Generate N-step samples from a checkpoint as CSV (x,y) or NDJSON.")
final class SampleCommand implements Callable<Integer> {
  @Mixin
  CheckpointOption source;

  @Mixin
  GenerationOptions generation;

  @Option(names = "--count", defaultValue = "10000", description = "number of samples, default ${DEFAULT-VALUE}")
  int count;

  @Option(names = "--format", defaultValue = "csv", description = "csv or ndjson, default ${DEFAULT-VALUE}")
  String format;

  @Option(names = "--integrate", paramLabel = "map|euler|heun",
      description = "map: N jumps of the flow map; euler or heun: N ODE steps on the diagonal velocity"
          + " v(x, t, t) from t = 0 to 1; default: the run's eval.sampler (map)")
  String integrate;

  @Option(names = "--out", defaultValue = "-", description = "output file, '-' for standard output")
  String out;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    EmaOrRaw which = generation.validate(spec);
    Args.check(spec, count >= 1 && count <= 100_000_000, "--count", count, "must be in 1..100000000");
    Args.check(spec, format.equals("csv") || format.equals("ndjson"), "--format", format, "must be csv or ndjson");
    Integrator asked = integrate == null ? null : Vocabulary.find(Integrator.class, integrate);
    Args.check(spec, integrate == null || asked != null, "--integrate", integrate,
        "must be map, euler or heun");
    CheckpointModel model = source.load();
    int chunk = Math.min(count, 65536);
    FlowMapSampler sampler = RunSetup.sampler(model.config(), model.weights(which), chunk);
    Integrator how = asked == null ? model.config().eval().sampler() : asked;
    boolean toStdout = out.equals("-");
    OutputStream sink = toStdout ? System.out : new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(sink, false, StandardCharsets.UTF_8);
    if (format.equals("csv")) {
      ps.println("x,y");
    }
    float[] xy = new float[2 * chunk];
    long base = generation.seed;
    for (int done = 0, block = 0; done < count; done += chunk, block++) {
      int n = Math.min(chunk, count - done);
      sampler.generate(how, generation.steps, dev.flowmap.data.Rng.derive(base, 0, block), n, xy);
      for (int i = 0; i < n; i++) {
        if (format.equals("csv")) {
          ps.print(xy[2 * i]);
          ps.print(',');
          ps.println(xy[2 * i + 1]);
        } else {
          ps.print("{\"x\":");
          ps.print(xy[2 * i]);
          ps.print(",\"y\":");
          ps.print(xy[2 * i + 1]);
          ps.println('}');
        }
      }
    }
    ps.flush();
    if (!toStdout) {
      try {
        AtomicFiles.write(Path.of(out), ((ByteArrayOutputStream) sink).toByteArray());
      } catch (IOException e) {
        throw new dev.flowmap.train.RunDirectoryException("cannot write " + out + ": "
            + dev.flowmap.train.RunDirectoryException.reason(e));
      }
    }
    return 0;
  }
}

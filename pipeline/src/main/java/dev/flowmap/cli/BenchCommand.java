package dev.flowmap.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowmap.config.RunConfig;
import dev.flowmap.config.Vocabulary;
import dev.flowmap.eval.AtomicFiles;
import dev.flowmap.experiment.Bench;
import dev.flowmap.loss.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bench}: the options of {@link Bench}; prints its lines and writes its JSON. */
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

  @Option(names = "--profile", description = "also split one step on one worker into phases:"
      + " batch drawing, GEMM, fused kernels, ND4J element-wise ops, other loss work, optimizer")
  boolean profile;

  @Override
  public Integer call() throws Exception {
    Args.check(spec, steps >= 1, "--steps", steps, "must be >= 1");
    Args.check(spec, warmup >= 0, "--warmup", warmup, "must be >= 0");
    RunConfig base = configOptions.load(ConfigOptions.SEED); // the seed's setup by default
    List<Method> chosen = new ArrayList<>();
    for (String m : methods) {
      Method method = Vocabulary.find(Method.class, m);
      Args.check(spec, method != null, "--methods", m,
          "entries must be one of " + Vocabulary.names(Method.class));
      chosen.add(method);
    }
    var out = spec.commandLine().getOut();
    ObjectNode root = new Bench(chosen, steps, warmup, profile).measure(base, out);
    ObjectMapper mapper = new ObjectMapper();
    AtomicFiles.writeString(json, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    out.println("wrote " + json);
    out.println(mapper.writeValueAsString(root));
    return 0;
  }
}

package dev.flowmap.cli;

import dev.flowmap.config.EvalConfig;
import dev.flowmap.config.RunConfig;
import dev.flowmap.config.Vocabulary;
import dev.flowmap.eval.EvalReport;
import dev.flowmap.eval.KlTables;
import dev.flowmap.sample.EmaOrRaw;
import dev.flowmap.sample.FlowMapSampler;
import dev.flowmap.sample.Integrator;
import dev.flowmap.train.CheckpointModel;
import dev.flowmap.train.Evaluation;
import dev.flowmap.train.ProgressReporter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Scores a checkpoint: histogram KL per N, its floor, and the in-support fraction, as JSON. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Evaluate a checkpoint: KL per N (with its floor) and in-support fraction, as JSON on stdout.")
final class EvalCommand implements Callable<Integer> {
  @Mixin
  CheckpointOption source;

  @Option(names = "--steps", split = ",", description = "numbers of steps N, default: the run's eval.steps")
  List<Integer> steps;

  @Option(names = "--samples", description = "samples per N, default: the run's eval.samples")
  Integer samples;

  @Option(names = "--bins", description = "histogram bins per axis for the KL, default: the run's eval.bins (60)")
  Integer bins;

  @Mixin
  WeightsOption weights;

  @Option(names = "--integrate", paramLabel = "map|euler|heun",
      description = "map: N jumps of the flow map; euler or heun: N ODE steps on the diagonal velocity"
          + " v(x, t, t) from t = 0 to 1 (how good is the field the map distills); default: the run's eval.sampler (map)")
  String integrate;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (steps != null) {
      for (int n : steps) {
        Args.check(spec, n >= 1 && n <= FlowMapSampler.MAX_STEPS, "--steps", n,
            "entries must be in 1.." + FlowMapSampler.MAX_STEPS);
      }
    }
    Args.check(spec, samples == null || (samples >= 1000 && samples <= 10_000_000), "--samples", samples,
        "must be in 1000..10000000");
    Args.check(spec, bins == null || (bins >= 2 && bins <= 1000), "--bins", bins, "must be in 2..1000");
    EmaOrRaw asked = weights.validate(spec);
    Integrator how = integrate == null ? null : Vocabulary.find(Integrator.class, integrate);
    Args.check(spec, integrate == null || how != null, "--integrate", integrate,
        "must be map, euler or heun");
    CheckpointModel model = source.load();
    RunConfig c = model.config();
    EvalConfig e = c.eval();
    RunConfig withEval = c.withEval(e.withSteps(steps == null ? e.steps() : steps)
        .withSamples(samples == null ? e.samples() : samples).withBins(bins == null ? e.bins() : bins)
        .withSampler(how == null ? e.sampler() : how));
    EmaOrRaw used = asked.given(model.ema() != model.raw());
    EvalReport report;
    try (ProgressReporter bar = ProgressReporter.forEvaluation(
        "eval (" + withEval.eval().sampler() + "), " + withEval.eval().samples() + " samples per N",
        withEval.eval().steps())) {
      report = new Evaluation(withEval).evaluate(model.weights(used), model.step(),
          withEval.eval().samples(), used, bar::advance);
    }
    spec.commandLine().getOut().println(KlTables.toJson(report, true));
    spec.commandLine().getOut().flush();
    return 0;
  }
}

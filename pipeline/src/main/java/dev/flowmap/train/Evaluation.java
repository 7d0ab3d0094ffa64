package dev.flowmap.train;

import dev.flowmap.config.RunConfig;
import dev.flowmap.data.Rng;
import dev.flowmap.eval.EvalReport;
import dev.flowmap.eval.Evaluator;
import dev.flowmap.eval.KlFloor;
import dev.flowmap.eval.KlRow;
import dev.flowmap.model.FlowMapMlp;
import dev.flowmap.sample.EmaOrRaw;
import dev.flowmap.sample.FlowMapSampler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Scores a network for every N in the config: generates n samples per N (seeded by the run's
 * seed and the step, so reruns agree), and computes the histogram KL, its floor and the
 * in-support fraction. Keeps the last samples per N for figures.
 */
public final class Evaluation {
  private static final int CHUNK = 16384;
  private final RunConfig config;
  private final KlFloor floors;
  private final Map<Integer, Evaluator> evaluators = new HashMap<>();
  private FlowMapSampler sampler;
  private final Map<Integer, float[]> lastSamples = new HashMap<>();

  /** With a KL-floor cache of its own. */
  public Evaluation(RunConfig config) {
    this(config, new KlFloor(1));
  }

  /** Evaluations of {@code config}, their KL floors from {@code floors}. */
  public Evaluation(RunConfig config, KlFloor floors) {
    this.config = config;
    this.floors = floors;
  }

  /**
   * Evaluates {@code net} with n = {@code samples} for each configured N; {@code weights} says
   * which weights {@code net} holds, for the report.
   */
  public EvalReport evaluate(FlowMapMlp net, long step, int samples, EmaOrRaw weights) {
    return evaluate(net, step, samples, weights, n -> { });
  }

  /** As above, calling {@code afterEach} with N once each N is scored (for progress bars). */
  public EvalReport evaluate(FlowMapMlp net, long step, int samples, EmaOrRaw weights,
                             java.util.function.IntConsumer afterEach) {
    return evaluate(net, step, samples, weights, afterEach, () -> false);
  }

  /**
   * As above, abandoned at the next sampling pass once {@code stop} says so.
   *
   * @return the report, or null when {@code stop} cut the evaluation short
   */
  public EvalReport evaluate(FlowMapMlp net, long step, int samples, EmaOrRaw weights,
                             java.util.function.IntConsumer afterEach, BooleanSupplier stop) {
    if (sampler == null) {
      sampler = RunSetup.sampler(config, net, Math.min(CHUNK, samples));
    }
    sampler.bind(net);
    Evaluator evaluator = evaluators.computeIfAbsent(samples,
        n -> new Evaluator(RunSetup.board(config), config.eval().bins(), n, config.train().seed(), floors));
    float[] xy = new float[2 * samples];
    List<KlRow> rows = new ArrayList<>();
    for (int n : config.eval().steps()) {
      if (!sampler.generate(n, Rng.derive(config.train().seed(), RunSetup.STREAM_EVAL, n), samples,
          xy, stop)) {
        return null;
      }
      rows.add(evaluator.score(n, xy, samples));
      lastSamples.put(n, xy.clone());
      afterEach.accept(n);
    }
    return new EvalReport(step, samples, evaluator.bins(), weights.toString(), rows,
        config.eval().sampler().toString());
  }

  /** The samples of the last evaluation for N, or null. */
  public float[] lastSamples(int steps) {
    return lastSamples.get(steps);
  }

  /** The target sample drawn for n = {@code samples}. */
  public float[] target(int samples) {
    return evaluators.computeIfAbsent(samples,
        n -> new Evaluator(RunSetup.board(config), config.eval().bins(), n, config.train().seed())).target();
  }
}

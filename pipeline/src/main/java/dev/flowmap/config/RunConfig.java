package dev.flowmap.config;

import dev.flowmap.loss.Method;
import java.util.Objects;

/**
 * One run's complete, validated configuration; load it with {@link ConfigLoader}.
 *
 * @param data    target and base distributions
 * @param model   the MLP flow map
 * @param loss    objective and batch composition
 * @param optim   optimizer, schedule, clipping, EMA
 * @param train   the training loop
 * @param eval    the final evaluation
 * @param serve   the HTTP server
 * @param compare the methods of a comparison run
 */
public record RunConfig(DataConfig data, ModelConfig model, LossConfig loss, OptimConfig optim,
                        TrainConfig train, EvalConfig eval, ServeConfig serve, CompareConfig compare) {
  public RunConfig {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(loss, "loss");
    Objects.requireNonNull(optim, "optim");
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(eval, "eval");
    Objects.requireNonNull(serve, "serve");
    Objects.requireNonNull(compare, "compare");
  }

  /** The seed's LSD setup; every section at its defaults. */
  public static RunConfig defaults() {
    return new RunConfig(DataConfig.defaults(), ModelConfig.defaults(), LossConfig.defaults(),
        OptimConfig.defaults(), TrainConfig.defaults(), EvalConfig.defaults(),
        ServeConfig.defaults(), CompareConfig.defaults());
  }

  /** This config with the loss method replaced, as a comparison run trains each method. */
  public RunConfig withMethod(Method method) {
    return withLoss(loss.withMethod(method));
  }

  /** This config with the loss section replaced. */
  public RunConfig withLoss(LossConfig l) {
    return new RunConfig(data, model, l, optim, train, eval, serve, compare);
  }

  /** This config with the training loop section replaced. */
  public RunConfig withTrain(TrainConfig t) {
    return new RunConfig(data, model, loss, optim, t, eval, serve, compare);
  }

  /** This config with the evaluation section replaced. */
  public RunConfig withEval(EvalConfig e) {
    return new RunConfig(data, model, loss, optim, train, e, serve, compare);
  }
}

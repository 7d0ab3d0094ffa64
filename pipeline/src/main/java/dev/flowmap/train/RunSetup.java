package dev.flowmap.train;

import dev.flowmap.config.RunConfig;
import dev.flowmap.data.Checkerboard;
import dev.flowmap.data.Rng;
import dev.flowmap.data.Scale;
import dev.flowmap.model.Activation;
import dev.flowmap.model.FlowMapMlp;
import dev.flowmap.model.FourierFeatures;
import dev.flowmap.model.Ops;
import dev.flowmap.sample.EmaOrRaw;
import dev.flowmap.sample.FlowMapSampler;
import dev.flowmap.sample.SnapshotGenerator;
import org.nd4j.linalg.api.buffer.DataType;

/** Builds the pieces a run config describes: the target, the base noise scale and the network. */
public final class RunSetup {
  /** Random streams split from the run's root seed, one per stage. */
  public static final long STREAM_INIT = 1;
  public static final long STREAM_EVAL = 2;
  public static final long STREAM_FOURIER = 3;

  private RunSetup() {}

  public static Checkerboard board(RunConfig c) {
    return new Checkerboard(c.data().cells(), c.data().cellSize());
  }

  /** The std of the Gaussian base: data.sigma, or the target's std for {@code scale: data_std}. */
  public static double baseSigma(RunConfig c) {
    return dataScaled(c) ? board(c).marginalStd() : c.data().sigma();
  }

  private static boolean dataScaled(RunConfig c) {
    return c.data().scale() == Scale.DATA_STD;
  }

  /**
   * A freshly initialised network, seeded from the run's root seed, its passes running as
   * {@code ops} (its compute context's, see {@link ComputeContext#newNetwork}) say.
   */
  public static FlowMapMlp newNetwork(RunConfig c, DataType dtype, Ops ops) {
    double std = dataScaled(c) ? board(c).marginalStd() : 1.0;
    return FlowMapMlp.create(c.model().width(), c.model().depth(),
        c.model().activation(), dtype, 1.0 / std, std, fourier(c), ops,
        Rng.derive(c.train().seed(), STREAM_INIT, 0));
  }

  /**
   * The fixed Fourier features of x the config asks for (model.fourier, model.fourier_scale), and
   * how the network reads the times (model.time_features, model.time_frequencies).
   */
  public static FourierFeatures fourier(RunConfig c) {
    return FourierFeatures.draw(c.model().fourier(), c.model().fourierScale(),
        Rng.derive(c.train().seed(), STREAM_FOURIER, 0))
        .withTime(c.model().timeFeatures(), c.model().timeFrequencies());
  }

  /** A sampler for the config's integrator over {@code net}. */
  public static FlowMapSampler sampler(RunConfig c, FlowMapMlp net, int chunk) {
    return new FlowMapSampler(net, baseSigma(c), c.eval().sampler(), chunk);
  }

  /**
   * The generator that {@code /samples} and Kafka publish from: {@code weights} (swapped as
   * training publishes new ones) with the config's base noise and integrator, {@code batch}
   * samples per call at most.
   */
  public static SnapshotGenerator generator(RunConfig c, SnapshotGenerator.Weights weights, int batch) {
    return new SnapshotGenerator(weights, baseSigma(c), c.eval().sampler(), batch);
  }

  /** The weights evaluation and sampling use: EMA only where the config asks for and keeps one. */
  public static EmaOrRaw weights(RunConfig c) {
    return c.eval().weights().given(c.optim().emaEnabled());
  }
}

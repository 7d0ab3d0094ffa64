package dev.flowmap.train;

import dev.flowmap.config.ConfigLoader;
import dev.flowmap.config.RunConfig;
import dev.flowmap.model.FlowMapMlp;
import dev.flowmap.sample.EmaOrRaw;
import dev.flowmap.sample.SnapshotGenerator;
import java.nio.file.Path;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/** A model loaded from a checkpoint file or run directory, with the config it was trained with. */
public record CheckpointModel(RunConfig config, long step, FlowMapMlp raw, FlowMapMlp ema) {
  /** The model at {@code path}, its passes running as {@code compute}'s ops say. */
  public static CheckpointModel load(Path path, ComputeContext compute) {
    Path file = RunDirectory.checkpointOf(path);
    Checkpoint ck = Checkpoint.read(file);
    RunConfig config;
    try {
      config = ConfigLoader.fromYamlString(ck.configYaml(), List.of());
    } catch (RuntimeException e) {
      throw new CheckpointException("corrupt checkpoint " + file + ": bad embedded config: " + e.getMessage());
    }
    FlowMapMlp net = compute.newNetwork(config, DataType.FLOAT);
    if (ck.fourier().length != 2 * config.model().fourier()) {
      throw new CheckpointException("corrupt checkpoint " + file + ": " + ck.fourier().length / 2
          + " Fourier frequencies for a network that has " + config.model().fourier());
    }
    if (ck.fourier().length > 0) {
      net = net.withFourier(net.fourier().withFrequencies(ck.fourier()));
    }
    if (ck.params().length() != net.params().length()) {
      throw new CheckpointException("corrupt checkpoint " + file + ": " + ck.params().length()
          + " weights for a network that has " + net.params().length());
    }
    net.params().assign(ck.params().castTo(DataType.FLOAT));
    FlowMapMlp ema = ck.ema() == null ? net : net.withParams(ck.ema().castTo(DataType.FLOAT));
    return new CheckpointModel(config, ck.step(), net, ema);
  }

  /** A generator over this model's weights (see {@link RunSetup#generator}). */
  public SnapshotGenerator generator(int batch) {
    return RunSetup.generator(config, new SnapshotGenerator.Weights(raw, ema, step), batch);
  }

  /** The EMA weights when asked for (and present: else they are the raw ones), or the raw ones. */
  public FlowMapMlp weights(EmaOrRaw weights) {
    return weights.ema() ? ema : raw;
  }
}

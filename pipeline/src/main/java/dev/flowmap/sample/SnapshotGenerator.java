package dev.flowmap.sample;

import dev.flowmap.model.FlowMapMlp;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@link SampleGenerator} that serving uses: an immutable snapshot of the raw and EMA weights,
 * swapped atomically when training publishes new ones, and one {@link FlowMapSampler} per thread
 * so concurrent streams never share device buffers. Each call reads the snapshot once, so one
 * batch always comes from one consistent set of weights.
 */
public final class SnapshotGenerator implements SampleGenerator {
  /** A consistent pair of weights; {@code ema} may equal {@code raw} when there is no EMA. */
  public record Weights(FlowMapMlp raw, FlowMapMlp ema, long step) {}

  private final AtomicReference<Weights> current;
  private final double sigma;
  private final Integrator integrator;
  private final int chunk;
  private final ThreadLocal<FlowMapSampler> samplers;

  public SnapshotGenerator(Weights initial, double sigma, Integrator integrator, int chunk) {
    this.current = new AtomicReference<>(initial);
    this.sigma = sigma;
    this.integrator = integrator;
    this.chunk = chunk;
    this.samplers = ThreadLocal.withInitial(
        () -> new FlowMapSampler(current.get().raw(), this.sigma, this.integrator, this.chunk));
  }

  /** Publishes new weights; streams pick them up at their next batch. */
  public void publish(Weights weights) {
    current.set(weights);
  }

  /** The weights now being served. */
  public Weights weights() {
    return current.get();
  }

  @Override
  public void generate(Integrator how, int steps, boolean ema, long seed, int count, float[] xy) {
    Weights w = current.get();
    FlowMapSampler sampler = samplers.get();
    sampler.bind(ema ? w.ema() : w.raw());
    sampler.generate(how == null ? integrator : how, steps, seed, count, xy);
  }
}

package dev.flowmap.train;

import reactor.core.publisher.Flux;

/** Names a pipeline stage and, where metrics are on, taps it (throughput, latency, demand). */
@FunctionalInterface
public interface StageTap {
  <T> Flux<T> tap(String stage, Flux<T> flux);

  /** Names stages without metering them. */
  StageTap NAME_ONLY = new StageTap() {
    @Override
    public <T> Flux<T> tap(String stage, Flux<T> flux) {
      return flux.name(stage);
    }
  };
}

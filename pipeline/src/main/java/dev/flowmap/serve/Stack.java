package dev.flowmap.serve;

import dev.flowmap.config.RunConfig;
import dev.flowmap.eval.EvalReport;
import dev.flowmap.sample.SampleGenerator;
import dev.flowmap.train.StepEvent;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.linalg.factory.Nd4j;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;

/** The HTTP side of a process: metrics, the sample stream and the live page on one server. */
public final class Stack implements AutoCloseable {
  private final FlowmapServer server;
  private final Scheduler generation;

  private Stack(FlowmapServer server, Scheduler generation) {
    this.server = server;
    this.generation = generation;
  }

  public static Stack start(String host, int port, RunConfig config, PrometheusMeterRegistry registry,
                     Supplier<SampleGenerator> generator, Flux<StepEvent> history,
                     Flux<StepEvent> steps, Flux<EvalReport> evals) {
    Scheduler generation = SamplesEndpoint.newGenerationScheduler(config.serve().generatorThreads());
    if (config.serve().generatorThreads() > 1) {
      // each generation thread runs its own single-threaded GEMMs (as the training workers do)
      Nd4j.factory().blas().setMaxThreads(1);
    }
    List<Endpoint> endpoints = List.of(
        new MetricsEndpoint(registry),
        new SamplesEndpoint(generator, new StreamMetrics(registry), config.serve().maxStreams(),
            config.serve().batch(), generation),
        new LivePageEndpoint(history, steps, evals, () -> info(config)));
    try {
      return new Stack(FlowmapServer.start(host, port, endpoints), generation);
    } catch (RuntimeException e) {
      generation.dispose();
      throw e;
    }
  }

  private static Map<String, Object> info(RunConfig c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("method", c.loss().method().toString());
    m.put("cells", c.data().cells());
    m.put("cell_size", c.data().cellSize());
    m.put("eval_steps", c.eval().steps());
    m.put("width", c.model().width());
    m.put("depth", c.model().depth());
    m.put("steps", c.train().steps());
    m.put("batch", c.train().batch());
    return m;
  }

  public String url() {
    return server.url();
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
    generation.dispose();
  }
}

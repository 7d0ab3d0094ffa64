package dev.flowmap.serve;

import dev.flowmap.eval.EvalReport;
import dev.flowmap.train.StepEvent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The live view: {@code GET /} (the page and its script and style, from classpath {@code web/}),
 * {@code GET /api/info} (the run's summary as JSON) and {@code GET /events} (server-sent step and
 * evaluation events).
 */
public final class LivePageEndpoint implements Endpoint {
  /** At most about four step events a second reach a page; the chart needs no more. */
  static final Duration STEP_PERIOD = Duration.ofMillis(250);
  private static final Set<String> PATHS = Set.of("/", "/app.js", "/style.css", "/api/info", "/events");

  private final Flux<StepEvent> history;
  private final Flux<StepEvent> steps;
  private final Flux<EvalReport> evals;
  private final Supplier<Map<String, Object>> info;
  private final byte[] page = resource("web/index.html");
  private final byte[] script = resource("web/app.js");
  private final byte[] style = resource("web/style.css");

  /**
   * @param steps hot step events that replay the latest to new subscribers
   * @param evals hot evaluation reports that replay the latest to new subscribers
   * @param info  the run summary: method, config, checkerboard {@code cells} and
   *              {@code cell_size}, {@code eval_steps}
   */
  public LivePageEndpoint(Flux<StepEvent> steps, Flux<EvalReport> evals,
                          Supplier<Map<String, Object>> info) {
    this(Flux.empty(), steps, evals, info);
  }

  /**
   * @param history logged step events replayed to each new page (sent unthrottled first, so a page
   *                opened mid-run draws the loss curve from the start)
   */
  public LivePageEndpoint(Flux<StepEvent> history, Flux<StepEvent> steps, Flux<EvalReport> evals,
                          Supplier<Map<String, Object>> info) {
    this.history = history;
    this.steps = steps;
    this.evals = evals;
    this.info = info;
  }

  @Override
  public void register(HttpServerRoutes routes) {
    routes.get("/", (req, res) -> bytes(res, "text/html; charset=utf-8", page))
        .get("/app.js", (req, res) -> bytes(res, "text/javascript; charset=utf-8", script))
        .get("/style.css", (req, res) -> bytes(res, "text/css; charset=utf-8", style))
        .get("/api/info", (req, res) -> res
            .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
            .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
            .sendString(Mono.fromSupplier(() -> HttpErrors.json(info.get()))))
        .get("/events", this::events)
        .route(r -> PATHS.contains(r.fullPath()) && !HttpMethod.GET.equals(r.method()),
            (req, res) -> HttpErrors.onlyGet(res, req.method().name(), req.fullPath()));
  }

  private Mono<Void> events(HttpServerRequest req, HttpServerResponse res) {
    return res.sse()
        .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
        .sendString(eventStream(history, steps, evals))
        .then();
  }

  /** The SSE text: a comment line, then step events (throttled) and every evaluation. */
  static Flux<String> eventStream(Flux<StepEvent> steps, Flux<EvalReport> evals) {
    return eventStream(Flux.empty(), steps, evals);
  }

  /** As above, with the logged history first; the page keeps only steps newer than its last. */
  static Flux<String> eventStream(Flux<StepEvent> history, Flux<StepEvent> steps,
                                  Flux<EvalReport> evals) {
    Flux<String> stepEvents = Flux.merge(
        history.onBackpressureBuffer(1024, BufferOverflowStrategy.DROP_OLDEST),
        steps.sample(STEP_PERIOD).onBackpressureLatest())
        .map(e -> sse("step", e));
    Flux<String> evalEvents = evals.onBackpressureBuffer(64, BufferOverflowStrategy.DROP_OLDEST)
        .map(e -> sse("eval", e));
    return Flux.merge(Flux.just(": flowmap live events\n\n"), stepEvents, evalEvents);
  }

  private static String sse(String event, Object data) {
    return "event: " + event + "\ndata: " + HttpErrors.json(data) + "\n\n";
  }

  private static Mono<Void> bytes(HttpServerResponse res, String type, byte[] body) {
    return res.header(HttpHeaderNames.CONTENT_TYPE, type)
        .header(HttpHeaderNames.CACHE_CONTROL, "no-cache")
        .sendByteArray(Mono.just(body))
        .then();
  }

  private static byte[] resource(String name) {
    try (InputStream in = LivePageEndpoint.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

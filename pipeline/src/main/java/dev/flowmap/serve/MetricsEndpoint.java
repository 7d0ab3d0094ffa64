package dev.flowmap.serve;

import dev.flowmap.telemetry.Telemetry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * {@code GET /metrics}: the registry in the Prometheus text format; the scrape runs on the
 * bounded-elastic scheduler, never on the event loop or the training thread.
 */
public final class MetricsEndpoint implements Endpoint {
  static final String PATH = "/metrics";
  private final PrometheusMeterRegistry registry;

  public MetricsEndpoint(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void register(HttpServerRoutes routes) {
    routes.get(PATH, (req, res) -> res
        .header(HttpHeaderNames.CONTENT_TYPE, Telemetry.PROMETHEUS_TEXT)
        .sendString(Mono.fromCallable(() -> registry.scrape(Telemetry.PROMETHEUS_TEXT))
            .subscribeOn(Schedulers.boundedElastic()), StandardCharsets.UTF_8));
    routes.route(req -> PATH.equals(req.fullPath()) && !HttpMethod.GET.equals(req.method()),
        (req, res) -> res.status(HttpResponseStatus.METHOD_NOT_ALLOWED)
            .header(HttpHeaderNames.ALLOW, "GET")
            .header(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
            .sendString(Mono.just(req.method().name() + " is not allowed on " + PATH
                + "; use GET\n")));
  }
}

package dev.flowmap.serve;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.BindException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** The Reactor Netty HTTP server that hosts every {@link Endpoint} (metrics, samples, live page). */
public final class FlowmapServer implements AutoCloseable {
  /** How long {@link #close} waits for open requests before it cuts them. */
  static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
  /**
   * A request target that is not a path, as Reactor Netty 1.3's route templates accept it
   * ({@code HttpPredicate.UriPathTemplate}); one that does not match makes them throw.
   */
  private static final Pattern TARGET =
      Pattern.compile("(?:(\\w+)://)?((?:\\[.+?])|(?<!\\[)(?:[^/?]+?))(?::(\\d{2,5}))?([/?].*)?");
  private final DisposableServer server;
  private final String host;

  private FlowmapServer(DisposableServer server, String host) {
    this.server = server;
    this.host = host;
  }

  /**
   * Binds {@code host:port} (port 0 takes a free one) and serves the endpoints' routes; paths no
   * endpoint claims answer 404, paths that cannot be resolved 400.
   *
   * @throws ServerStartException when the address cannot be bound, naming host and port
   */
  public static FlowmapServer start(String host, int port, List<Endpoint> endpoints) {
    try {
      DisposableServer server = HttpServer.create()
          .host(host)
          .port(port)
          .route(routes -> {
            routes.route(FlowmapServer::malformedPath, FlowmapServer::badPath);
            endpoints.forEach(e -> e.register(routes));
          })
          .bindNow(Duration.ofSeconds(10));
      return new FlowmapServer(server, host);
    } catch (RuntimeException e) {
      Throwable cause = e;
      while (cause != null && !(cause instanceof BindException)) {
        cause = cause.getCause();
      }
      String why = cause != null ? cause.getMessage() : String.valueOf(e.getMessage());
      throw new ServerStartException(
          "cannot listen on " + host + ":" + port + ": " + why
              + (cause != null ? " (is another process using the port? try --port 0)" : ""), e);
    }
  }

  /**
   * True when Reactor Netty cannot resolve the request's path (an illegal character such as
   * {@code |}, a {@code %} that starts no escape, or a target such as {@code ?steps=1} that is
   * neither a path nor a URI): every route that reads the path would throw and the request would
   * be answered 500, so this route, tested first, answers 400 instead.
   */
  static boolean malformedPath(HttpServerRequest req) {
    String uri = req.uri();
    if (!uri.startsWith("/") && !TARGET.matcher(uri).matches()) {
      return true;
    }
    try {
      req.fullPath();
      return false;
    } catch (IllegalArgumentException e) {
      return true;
    }
  }

  private static Mono<Void> badPath(HttpServerRequest req, HttpServerResponse res) {
    String uri = req.uri();
    int q = uri.indexOf('?');
    Map<String, String> body = new LinkedHashMap<>();
    body.put("error", "malformed path; use a path such as /samples");
    body.put("path", q < 0 ? uri : uri.substring(0, q));
    return HttpErrors.send(res, HttpResponseStatus.BAD_REQUEST, body);
  }

  /** The bound port (the real one when started with port 0). */
  public int port() {
    return server.port();
  }

  /** Base URL, e.g. {@code http://127.0.0.1:8080}. */
  public String url() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    if ("0.0.0.0".equals(host)) {
      h = "localhost";
    }
    return "http://" + h + ":" + port();
  }

  /**
   * Stops listening and gives open requests up to {@link #CLOSE_GRACE} to end; endless streams (a
   * live page left open, a {@code /samples} stream) are then cut, so a stopping process exits
   * within seconds.
   */
  @Override
  public void close() {
    try {
      server.disposeNow(CLOSE_GRACE);
    } catch (IllegalStateException e) {
      server.dispose(); // open streams outlived the grace: close their channels without waiting
    }
  }
}

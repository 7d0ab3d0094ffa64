package dev.flowmap.serve;

import java.net.BindException;
import java.time.Duration;
import java.util.List;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** The Reactor Netty HTTP server that hosts every {@link Endpoint} (metrics, samples, live page). */
public final class FlowmapServer implements AutoCloseable {
  private final DisposableServer server;
  private final String host;

  private FlowmapServer(DisposableServer server, String host) {
    this.server = server;
    this.host = host;
  }

  /**
   * Binds {@code host:port} (port 0 takes a free one) and serves the endpoints' routes; paths no
   * endpoint claims answer 404.
   *
   * @throws ServerStartException when the address cannot be bound, naming host and port
   */
  public static FlowmapServer start(String host, int port, List<Endpoint> endpoints) {
    try {
      DisposableServer server = HttpServer.create()
          .host(host)
          .port(port)
          .route(routes -> endpoints.forEach(e -> e.register(routes)))
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

  @Override
  public void close() {
    server.disposeNow(Duration.ofSeconds(5));
  }
}

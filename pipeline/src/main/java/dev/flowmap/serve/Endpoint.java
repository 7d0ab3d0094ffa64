package dev.flowmap.serve;

import reactor.netty.http.server.HttpServerRoutes;

/** A group of read-only HTTP routes mounted on the {@link FlowmapServer}. */
public interface Endpoint {
  /** Adds this endpoint's routes. */
  void register(HttpServerRoutes routes);
}

package dev.flowmap.cli;

import picocli.CommandLine.Option;

/** {@code --host}, {@code --port} and {@code --no-serve}: where the HTTP server listens. */
final class ServerOptions {
  @Option(names = "--host", description = "interface to listen on, default: serve.host (127.0.0.1)")
  String host;

  @Option(names = "--port", description = "HTTP port, 0 for any free port; default: serve.port (8080)")
  Integer port;

  @Option(names = "--no-serve", description = "do not start the HTTP server")
  boolean noServe;

  String host(dev.flowmap.config.RunConfig c) {
    return host != null ? host : c.serve().host();
  }

  int port(dev.flowmap.config.RunConfig c) {
    return port != null ? port : c.serve().port();
  }

  void validate(picocli.CommandLine.Model.CommandSpec spec) {
    Args.check(spec, port == null || (port >= 0 && port <= 65535), "--port", port, "must be in 0..65535");
  }
}

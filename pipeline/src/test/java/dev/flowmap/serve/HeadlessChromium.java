package dev.flowmap.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test helper: Debian's headless Chromium driven over the DevTools protocol with the JDK's
 * WebSocket client; collects console errors and uncaught exceptions of the page.
 */
final class HeadlessChromium implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final ObjectMapper JSON = new ObjectMapper();

  final List<String> errors = new CopyOnWriteArrayList<>();
  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

  private HeadlessChromium(Process process, Path profile, String pageWs) throws Exception {
    this.process = process;
    this.profile = profile;
    this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create(pageWs), new Listener()).get(20, TimeUnit.SECONDS);
  }

  /** Starts Chromium on about:blank and attaches to its page; every wait is bounded. */
  static HeadlessChromium start(int width, int height) throws Exception {
    Path profile = Files.createTempDirectory("flowmap-chromium");
    Process p = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--hide-scrollbars", "--window-size=" + width + "," + height,
        "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank").start();
    p.getInputStream().close();
    CompletableFuture<String> browserWs = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          int at = line.indexOf("DevTools listening on ");
          if (at >= 0) {
            browserWs.complete(line.substring(at + "DevTools listening on ".length()).trim());
          }
        }
        browserWs.completeExceptionally(new IOException("chromium exited before DevTools started"));
      } catch (IOException e) {
        browserWs.completeExceptionally(e);
      }
    }, "chromium-stderr");
    reader.setDaemon(true);
    reader.start();
    try {
      URI ws = URI.create(browserWs.get(30, TimeUnit.SECONDS));
      URI list = URI.create("http://" + ws.getHost() + ":" + ws.getPort() + "/json/list");
      String pageWs = null;
      for (int i = 0; i < 100 && pageWs == null; i++) {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(list).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        for (JsonNode t : JSON.readTree(body)) {
          if ("page".equals(t.path("type").asText())) {
            pageWs = t.get("webSocketDebuggerUrl").asText();
          }
        }
        if (pageWs == null) {
          Thread.sleep(100);
        }
      }
      if (pageWs == null) {
        throw new IOException("chromium has no page target");
      }
      HeadlessChromium c = new HeadlessChromium(p, profile, pageWs);
      c.call("Runtime.enable", Map.of());
      c.call("Log.enable", Map.of());
      c.call("Page.enable", Map.of());
      return c;
    } catch (Exception e) {
      destroy(p);
      throw e;
    }
  }

  /** Sends a DevTools command and waits (bounded) for its result. */
  JsonNode call(String method, Map<String, Object> params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(id, f);
    ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
    msg.set("params", JSON.valueToTree(params));
    socket.sendText(JSON.writeValueAsString(msg), true).get(10, TimeUnit.SECONDS);
    JsonNode reply = f.get(30, TimeUnit.SECONDS);
    if (reply.has("error")) {
      throw new IOException(method + " failed: " + reply.get("error"));
    }
    return reply.get("result");
  }

  /** Evaluates a JavaScript expression in the page and returns its value. */
  JsonNode eval(String expression) throws Exception {
    JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
    if (r.has("exceptionDetails")) {
      throw new IOException("evaluation failed: " + r.get("exceptionDetails"));
    }
    return r.path("result").path("value");
  }

  /** Saves a PNG screenshot of the page. */
  void screenshot(Path file) throws Exception {
    JsonNode r = call("Page.captureScreenshot", Map.of("format", "png"));
    Files.createDirectories(file.getParent());
    Files.write(file, java.util.Base64.getDecoder().decode(r.get("data").asText()));
  }

  @Override
  public void close() throws IOException {
    socket.abort();
    destroy(process);
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  private static void destroy(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void onMessage(String text) throws IOException {
    JsonNode m = JSON.readTree(text);
    if (m.has("id")) {
      CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
      if (f != null) {
        f.complete(m);
      }
      return;
    }
    String method = m.path("method").asText();
    JsonNode p = m.path("params");
    if (method.equals("Runtime.consoleAPICalled") && p.path("type").asText().equals("error")) {
      errors.add("console.error: " + p.path("args"));
    } else if (method.equals("Runtime.exceptionThrown")) {
      errors.add("exception: " + p.path("exceptionDetails"));
    } else if (method.equals("Log.entryAdded") && p.path("entry").path("level").asText().equals("error")) {
      errors.add("log: " + p.path("entry").path("text").asText() + " " + p.path("entry").path("url").asText());
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        try {
          onMessage(text);
        } catch (IOException e) {
          errors.add("bad DevTools message: " + e.getMessage());
        }
      }
      ws.request(1);
      return null;
    }
  }
}

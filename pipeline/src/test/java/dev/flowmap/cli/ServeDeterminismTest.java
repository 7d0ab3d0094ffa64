package dev.flowmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same seed gives the same bytes: a fresh server's first one-step response for a seed (run
 * while the JIT is still compiling the fused kernels) equals its later ones, and another fresh
 * server's.
 */
@Timeout(400)
class ServeDeterminismTest {
  private static final Pattern URL = Pattern.compile("live view (http://127\\.0\\.0\\.1:\\d+)/");
  private static final String QUERY = "/samples?steps=1&count=100000&format=csv&seed=7";
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @TempDir
  Path tmp;

  @Test
  void aFreshServersFirstResponseEqualsItsLaterOnesAndAnotherServers() throws Exception {
    List<String> first = digests("a", 3);
    List<String> second = digests("b", 1);
    assertThat(first).as("first, second and third response of one server").containsOnly(first.get(0));
    assertThat(second).as("another fresh server's first response").containsOnly(first.get(0));
  }

  /** Starts a server on the smoke run's checkpoint and returns the digests of n responses. */
  private List<String> digests(String name, int n) throws Exception {
    Path out = tmp.resolve(name + ".out");
    Path err = tmp.resolve(name + ".err");
    Process p = ProcessRuns.start(out, err, "serve", "--checkpoint",
        SmokeRun.dir().toString(), "--port", "0");
    try {
      String url = ProcessRuns.await(p, err, URL).group(1);
      List<String> d = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url + QUERY))
            .timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body().length).isGreaterThan(100_000);
        d.add(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(r.body())));
      }
      return d;
    } finally {
      ProcessRuns.signal(p, "INT");
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }
}

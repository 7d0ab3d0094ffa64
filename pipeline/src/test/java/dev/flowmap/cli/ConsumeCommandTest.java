package dev.flowmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmap.sample.SampleGenerator;
import dev.flowmap.serve.FlowmapServer;
import dev.flowmap.serve.SamplesEndpoint;
import dev.flowmap.serve.StreamMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import reactor.core.scheduler.Scheduler;

@Timeout(300)
class ConsumeCommandTest {
  private final Scheduler scheduler = SamplesEndpoint.newGenerationScheduler(1);
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private FlowmapServer server;

  private void serve(SampleGenerator generator) {
    server = FlowmapServer.start("127.0.0.1", 0, List.of(new SamplesEndpoint(() -> generator,
        new StreamMetrics(new SimpleMeterRegistry()), 4, 4096, scheduler)));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    scheduler.dispose();
  }

  private int consume(String... args) {
    CommandLine cli = new CommandLine(new ConsumeCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  /**
   * Every format decodes to the same 200,000 samples; the summary reports the count, the elapsed
   * time and their ratio (samples/s, the plumbing throughput figure; its arithmetic is pinned by
   * ConsumeStatsTest, and no speed is asserted here).
   */
  @ParameterizedTest
  @ValueSource(strings = {"binary", "ndjson", "csv", "sse"})
  void readsEveryFormatAndScoresAPerfectModelAsInSupport(String format) {
    serve(ConsumeCommandTest::checkerboard);
    int code = consume("--url", server.url(), "--count", "200000", "--format", format);
    System.out.println("throughput " + format + ": " + out);
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("done: 200,000 samples", "in support 1.0000");
    double kl = Double.parseDouble(out.toString().replaceAll("(?s).*done: .* KL ([0-9.]+) .*", "$1"));
    double floor = Double.parseDouble(out.toString().replaceAll("(?s).*done: .*\\(floor ([0-9.]+) at n = 100,000.*", "$1"));
    // 200,000 exact samples against 100,000 reference samples: between the floors at 200k and 100k
    assertThat(floor).isBetween(0.009, 0.014);
    assertThat(kl).isBetween(0.3 * floor, floor);
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("done: 200,000 samples in ([0-9.]+) s \\(([0-9,]+) samples/s\\)").matcher(out.toString());
    assertThat(m.find()).as(out.toString()).isTrue();
    double seconds = Double.parseDouble(m.group(1));
    double rate = Double.parseDouble(m.group(2).replace(",", ""));
    assertThat(rate).isPositive();
    // the printed time is rounded to 0.1 s: the rate lies between count/(t+0.05) and count/(t-0.05)
    assertThat(rate).isBetween(200_000 / (seconds + 0.05) - 1,
        seconds > 0.05 ? 200_000 / (seconds - 0.05) + 1 : Double.MAX_VALUE);
  }

  @Test
  void aModelOffTheSupportScoresZeroInSupportAndALargeKl() {
    serve((how, n, ema, seed, count, xy) -> {
      for (int i = 0; i < count; i++) {
        xy[2 * i] = 1.5f;   // cell (3, 2): i + j odd, outside the kept squares
        xy[2 * i + 1] = 0.5f;
      }
    });
    int code = consume("--url", server.url() + "/", "--count", "5000", "--steps", "2");
    assertThat(code).isZero();
    assertThat(out.toString()).contains("done: 5,000 samples", "in support 0.0000");
    double kl = Double.parseDouble(out.toString().replaceAll("(?s).*done: .* KL ([0-9.]+) .*", "$1"));
    assertThat(kl).isGreaterThan(5);
  }

  @Test
  void aBadUrlIsOneLineAndExitCode2() {
    assertThat(consume("--url", "localhost:8080")).isEqualTo(2);
    assertThat(err.toString().strip()).startsWith("consume: bad --url localhost:8080").doesNotContain("\n");
  }

  @Test
  void connectionRefusedIsOneLineAndExitCode2() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    assertThat(consume("--url", "http://127.0.0.1:" + port)).isEqualTo(2);
    assertThat(err.toString().strip()).contains("cannot connect").doesNotContain("\n");
  }

  @Test
  void anHttpErrorStatusIsOneLineAndExitCode2() {
    serve(ConsumeCommandTest::checkerboard);
    assertThat(consume("--url", server.url(), "--steps", "0")).isEqualTo(2);
    assertThat(err.toString().strip()).contains("400", "\"parameter\":\"steps\"").doesNotContain("\n");
  }

  @Test
  void aBadFormatIsRefusedBeforeConnecting() {
    assertThat(consume("--url", "http://127.0.0.1:1", "--format", "xml")).isEqualTo(2);
    assertThat(err.toString()).contains("format must be");
  }

  @Test
  void buildsTheStreamUrlFromTheBaseUrl() {
    ConsumeCommand c = new ConsumeCommand();
    new CommandLine(c).parseArgs("--url", "http://h:1/", "--steps", "4", "--count", "0");
    assertThat(c.streamUri()).hasToString("http://h:1/samples?steps=4&format=binary");
    new CommandLine(c).parseArgs("--url", "http://h:1/samples", "--count", "7", "--format", "csv");
    assertThat(c.streamUri()).hasToString("http://h:1/samples?steps=1&format=csv&count=7");
  }

  /** A perfect model: draws from the target itself. */
  private static void checkerboard(dev.flowmap.sample.Integrator how, int steps, boolean ema, long seed, int count, float[] xy) {
    new dev.flowmap.data.Checkerboard(4, 1.0).sample(new dev.flowmap.data.Rng(seed), xy, 0, count);
  }
}

package dev.flowmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's serving promises, as a user sees them from a real process: {@code serve --checkpoint}
 * with {@code --port 0} prints the URL it bound and serves samples there until Ctrl-C (exit 0),
 * and {@code train --keep-serving} shows a progress bar and keeps serving after training ends.
 */
@Timeout(400)
class ServeCommandTest {
  private static final Pattern URL = Pattern.compile("(http://127\\.0\\.0\\.1:(\\d+))/");
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @TempDir
  Path tmp;

  private String csv(String url, int count) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/samples?format=csv&count="
        + count + "&seed=3")).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  private static void interruptAndExpectExitZero(Process p, Path stderr) throws Exception {
    try {
      ProcessRuns.signal(p, "INT");
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exit within 60 s of Ctrl-C").isTrue();
    } finally {
      p.destroyForcibly();
    }
    assertThat(p.exitValue()).as(Files.readString(stderr, StandardCharsets.UTF_8)).isZero();
  }

  @Test
  void serveACheckpointOnPortZeroPrintsTheUrlAndServesUntilCtrlC() throws Exception {
    Path out = tmp.resolve("out.txt");
    Path err = tmp.resolve("err.txt");
    Process p = ProcessRuns.start(out, err, "serve", "--checkpoint", SmokeRun.dir().toString(), "--port", "0");
    String url;
    try {
      var m = ProcessRuns.await(p, err, Pattern.compile("serving step 60 of \\w+: live view " + URL.pattern()));
      url = m.group(1);
      assertThat(Integer.parseInt(m.group(2))).isPositive();
      String body = csv(url, 25);
      assertThat(body.lines()).hasSize(26).first().isEqualTo("x,y");
    } catch (Throwable t) {
      p.destroyForcibly();
      throw t;
    }
    interruptAndExpectExitZero(p, err);
  }

  @Test
  void trainShowsAProgressBarAndKeepsServingAfterTrainingUntilCtrlC() throws Exception {
    Path out = tmp.resolve("out.txt");
    Path err = tmp.resolve("err.txt");
    Path run = tmp.resolve("run");
    Process p = ProcessRuns.start(out, err, "train", "--config", SmokeRun.CONFIG, "--set", "train.steps=40",
        "--set", "train.eval_every=0", "--set", "train.checkpoint_every=0", "--set", "eval.samples=2000",
        "--port", "0", "--keep-serving", "--out", run.toString());
    try {
      String url = ProcessRuns.await(p, err, Pattern.compile("live view: " + URL.pattern())).group(1);
      ProcessRuns.await(p, err, Pattern.compile("training done; still serving on " + Pattern.quote(url)));
      String text = Files.readString(err, StandardCharsets.UTF_8);
      // the progress bar: task name, percent, steps done of total, a rate in steps/s
      assertThat(text).containsPattern("train +100% \\[[=]+\\] 40/40 steps")
          .containsPattern("steps/s");
      assertThat(text).contains("final eval, 2000 samples per N");
      assertThat(Files.exists(run.resolve("kl.json"))).isTrue();
      assertThat(p.isAlive()).as("still serving after training").isTrue();
      assertThat(csv(url, 10).lines()).hasSize(11);
    } catch (Throwable t) {
      p.destroyForcibly();
      throw t;
    }
    interruptAndExpectExitZero(p, err);
  }
}

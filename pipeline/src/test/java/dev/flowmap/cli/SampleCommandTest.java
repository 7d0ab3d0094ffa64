package dev.flowmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sample}: CSV and NDJSON to stdout or a file, exactly --count rows, seeded. */
class SampleCommandTest {
  @TempDir
  Path tmp;

  private static Cli sample(String... extra) {
    String[] args = new String[extra.length + 3];
    args[0] = "sample";
    args[1] = "--checkpoint";
    args[2] = SmokeRun.dir().toString();
    System.arraycopy(extra, 0, args, 3, extra.length);
    Cli r = Cli.run(args);
    assertThat(r.exit()).as(r.err()).isZero();
    return r;
  }

  private static void assertCsv(List<String> lines, int count) {
    assertThat(lines).hasSize(count + 1);
    assertThat(lines.get(0)).isEqualTo("x,y");
    for (String line : lines.subList(1, lines.size())) {
      String[] xy = line.split(",");
      assertThat(xy).hasSize(2);
      assertThat(Double.isFinite(Double.parseDouble(xy[0]))).isTrue();
      assertThat(Double.isFinite(Double.parseDouble(xy[1]))).isTrue();
    }
  }

  @Test
  void csvToStdoutHasAHeaderAndExactlyCountRows() {
    assertCsv(sample("--count", "257", "--steps", "2").out().lines().toList(), 257);
  }

  @Test
  void csvToAFileMatchesStdoutForTheSameSeed() throws Exception {
    Path file = tmp.resolve("s.csv");
    Cli r = sample("--count", "100", "--seed", "7", "--out", file.toString());
    assertThat(r.out()).isEmpty();
    List<String> lines = Files.readAllLines(file);
    assertCsv(lines, 100);
    assertThat(sample("--count", "100", "--seed", "7").out().lines().toList()).isEqualTo(lines);
  }

  @Test
  void theSeedDecidesTheSamples() {
    String a = sample("--count", "50", "--seed", "1").out();
    assertThat(sample("--count", "50", "--seed", "1").out()).isEqualTo(a);
    assertThat(sample("--count", "50", "--seed", "2").out()).isNotEqualTo(a);
  }

  @Test
  void ndjsonHasOneObjectPerSample() throws Exception {
    List<String> lines = sample("--count", "40", "--format", "ndjson", "--steps", "4").out().lines().toList();
    assertThat(lines).hasSize(40);
    ObjectMapper json = new ObjectMapper();
    for (String line : lines) {
      JsonNode n = json.readTree(line);
      assertThat(n.size()).isEqualTo(2);
      assertThat(n.path("x").isNumber()).isTrue();
      assertThat(n.path("y").isNumber()).isTrue();
    }
  }
}

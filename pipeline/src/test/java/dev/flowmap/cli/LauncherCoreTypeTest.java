package dev.flowmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher ({@code flowmap}) and the compose entrypoint set OPENBLAS_CORETYPE=SkylakeX on an
 * AMD CPU with AVX-512 when the environment does not set it: their detection, one identical block
 * in both, run by bash on made-up /proc/cpuinfo files.
 */
class LauncherCoreTypeTest {
  private static final String ZEN5 = "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 26\n"
      + "model name\t: AMD EPYC\nflags\t\t: fpu sse2 avx2 avx512f avx512dq avx512vl\n\n"
      + "processor\t: 1\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu sse2 avx2 avx512f\n";
  private static final String ZEN3 =
      "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu avx2 fma\n";
  private static final String XEON =
      "processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu avx2 avx512f\n";

  @TempDir
  Path tmp;

  /** The block from its first comment line to its closing {@code fi}. */
  private static String detection(String script) throws IOException {
    List<String> lines = Files.readAllLines(Path.of("..").resolve(script));
    String first = lines.stream().filter(l -> l.startsWith("# OpenBLAS 0.3.19")).findFirst()
        .orElseThrow(() -> new AssertionError(script + " has no OpenBLAS core detection"));
    int from = lines.indexOf(first);
    int to = lines.subList(from, lines.size()).indexOf("fi") + from;
    return String.join("\n", lines.subList(from, to + 1)) + "\n";
  }

  /** OPENBLAS_CORETYPE after the block, on {@code cpuinfo}, from {@code coreType} (null: unset). */
  private String coreTypeAfter(String cpuinfo, String coreType) throws Exception {
    Path file = tmp.resolve("cpuinfo");
    Files.writeString(file, cpuinfo);
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -euo pipefail\n" + detection("flowmap")
        + "echo \"${OPENBLAS_CORETYPE-<unset>}\"").redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.remove("OPENBLAS_CORETYPE");
    if (coreType != null) {
      env.put("OPENBLAS_CORETYPE", coreType);
    }
    env.put("FLOWMAP_CPUINFO", file.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void theLauncherAndTheEntrypointDetectTheSameWay() throws IOException {
    assertThat(detection("compose/entrypoint.sh")).isEqualTo(detection("flowmap"));
    for (String script : List.of("flowmap", "compose/entrypoint.sh")) {
      String text = Files.readString(Path.of("..").resolve(script));
      assertThat(text.indexOf(detection(script))).as(script).isLessThan(text.indexOf("exec java"));
    }
  }

  @Test
  void anAmdCpuWithAvx512GetsSkylakeXWhenNothingIsSet() throws Exception {
    assertThat(coreTypeAfter(ZEN5, null)).isEqualTo("SkylakeX");
    assertThat(coreTypeAfter(ZEN5.replace(" avx512dq avx512vl", ""), null)).isEqualTo("SkylakeX");
  }

  @Test
  void otherCpusAndAnEmptyCpuinfoKeepOpenBlasOwnChoice() throws Exception {
    assertThat(coreTypeAfter(ZEN3, null)).isEqualTo("<unset>");
    assertThat(coreTypeAfter(XEON, null)).isEqualTo("<unset>");
    assertThat(coreTypeAfter(ZEN5.replace("avx512f ", "avx512fx "), null)).isEqualTo("<unset>");
    assertThat(coreTypeAfter("", null)).isEqualTo("<unset>");
  }

  /** A value the user set wins; an empty one means OpenBLAS's own choice, so it is unset. */
  @Test
  void aValueInTheEnvironmentWinsAndAnEmptyOneIsUnset() throws Exception {
    assertThat(coreTypeAfter(ZEN5, "Haswell")).isEqualTo("Haswell");
    assertThat(coreTypeAfter(ZEN5, "")).isEqualTo("<unset>");
    assertThat(coreTypeAfter(XEON, "SkylakeX")).isEqualTo("SkylakeX");
  }
}

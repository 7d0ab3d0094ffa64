package dev.flowmap.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmap.model.OpenBlas;
import dev.flowmap.model.Ops;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class PlatformTest {
  private static final Platform HERE = new Platform("fused", "17.0.15", "Xeon", "SkylakeX");

  @Test
  void aResumeNotesADifferentPathOrCpuInOneLineAndNothingElse() {
    assertThat(HERE.resumeNote(null)).isEmpty();
    assertThat(HERE.resumeNote(new Platform("fused", "21.0.1", "Xeon", "SkylakeX"))).isEmpty();
    assertThat(HERE.resumeNote(new Platform("nd4j", "17.0.15", "Xeon", "SkylakeX"))).get().asString()
        .contains("element-wise path nd4j, now fused").doesNotContain("\n");
    assertThat(HERE.resumeNote(new Platform("fused", "17.0.15", "EPYC", "SkylakeX"))).get().asString()
        .contains("CPU EPYC, now Xeon").doesNotContain("element-wise").doesNotContain("OpenBLAS");
  }

  /** The same CPU under another OpenBLAS core (OPENBLAS_CORETYPE) sums GEMMs in another order. */
  @Test
  void aResumeNotesAnotherOpenBlasCoreButNotAnUnrecordedOne() {
    assertThat(HERE.resumeNote(new Platform("fused", "17.0.15", "Xeon", "Haswell"))).get().asString()
        .contains("OpenBLAS core Haswell, now SkylakeX").doesNotContain("CPU").doesNotContain("\n")
        .endsWith("will not be bit-identical to an uninterrupted run");
    assertThat(HERE.resumeNote(new Platform("nd4j", "17.0.15", "EPYC", "Haswell"))).get().asString()
        .contains("element-wise path nd4j, now fused and CPU EPYC, now Xeon"
            + " and OpenBLAS core Haswell, now SkylakeX");
    assertThat(HERE.resumeNote(new Platform("fused", "17.0.15", "Xeon", Platform.UNRECORDED))).isEmpty();
  }

  @Test
  void thisMachineHasAPathAJdkACpuAndAnOpenBlasCore() {
    Platform p = Platform.current(Ops.standard(), DataType.DOUBLE);
    assertThat(p.elementwisePath()).isEqualTo("nd4j");
    assertThat(Platform.current(Ops.standard(), DataType.FLOAT).elementwisePath()).isEqualTo("fused");
    assertThat(p.jdk()).startsWith(System.getProperty("java.version"));
    assertThat(p.cpu()).isNotBlank();
    assertThat(p.blasCore()).isEqualTo(OpenBlas.coreName()).isNotBlank();
  }

  @Test
  void aCheckpointKeepsItsPlatform(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("ck.bin");
    new Checkpoint("a: 1\n", 7, Nd4j.createFromArray(1f, 2f), List.of(), null, HERE).write(file);
    assertThat(Checkpoint.read(file).platform()).isEqualTo(HERE);
  }

  @Test
  void anAmdCpuWithAvx512IsZen4OrNewer() {
    List<String> zen4 = List.of("vendor_id\t: AuthenticAMD", "model name\t: AMD EPYC 9654",
        "flags\t\t: fpu sse2 avx2 avx512f avx512dq");
    List<String> zen3 = List.of("vendor_id\t: AuthenticAMD", "flags\t\t: fpu sse2 avx2 fma");
    List<String> xeon = List.of("vendor_id\t: GenuineIntel", "flags\t\t: fpu avx2 avx512f");
    assertThat(Platform.amdWithAvx512(zen4)).isTrue();
    assertThat(Platform.amdWithAvx512(zen3)).isFalse();
    assertThat(Platform.amdWithAvx512(xeon)).isFalse();
    assertThat(Platform.blasCoreLine()).isNotBlank().doesNotContain("\n");
  }

  /**
   * The line names the variable when it chose the core, and suggests SkylakeX only where an AMD
   * CPU with AVX-512 runs another core.
   */
  @Test
  void theCoreLineSaysWhereTheCoreCameFromAndHintsOnlyWhereSkylakeXWouldPay() {
    assertThat(Platform.blasCoreLine("SkylakeX", "SkylakeX", true))
        .isEqualTo("SkylakeX (OPENBLAS_CORETYPE=SkylakeX)");
    assertThat(Platform.blasCoreLine("SkylakeX", null, false)).isEqualTo("SkylakeX");
    assertThat(Platform.blasCoreLine("Cooperlake", null, true)).isEqualTo("Cooperlake");
    assertThat(Platform.blasCoreLine("Haswell", null, false)).isEqualTo("Haswell");
    assertThat(Platform.blasCoreLine("Haswell", "Haswell", false))
        .isEqualTo("Haswell (OPENBLAS_CORETYPE=Haswell)");
    assertThat(Platform.blasCoreLine("Barcelona", null, true))
        .startsWith("Barcelona (an AMD CPU with AVX-512").contains("SkylakeX")
        .doesNotContain("OPENBLAS_CORETYPE=");
    assertThat(Platform.blasCoreLine("Haswell", "Haswell", true))
        .startsWith("Haswell (OPENBLAS_CORETYPE=Haswell; an AMD CPU with AVX-512").contains("SkylakeX")
        .doesNotContain("\n");
  }
}

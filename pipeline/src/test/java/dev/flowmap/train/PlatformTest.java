package dev.flowmap.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmap.model.Ops;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class PlatformTest {
  private static final Platform HERE = new Platform("fused", "17.0.15", "Xeon");

  @Test
  void aResumeNotesADifferentPathOrCpuInOneLineAndNothingElse() {
    assertThat(HERE.resumeNote(null)).isEmpty();
    assertThat(HERE.resumeNote(new Platform("fused", "21.0.1", "Xeon"))).isEmpty();
    assertThat(HERE.resumeNote(new Platform("nd4j", "17.0.15", "Xeon"))).get().asString()
        .contains("element-wise path nd4j, now fused").doesNotContain("\n");
    assertThat(HERE.resumeNote(new Platform("fused", "17.0.15", "EPYC"))).get().asString()
        .contains("CPU EPYC, now Xeon").doesNotContain("element-wise");
  }

  @Test
  void thisMachineHasAPathAJdkAndACpu() {
    Platform p = Platform.current(Ops.standard(), DataType.DOUBLE);
    assertThat(p.elementwisePath()).isEqualTo("nd4j");
    assertThat(Platform.current(Ops.standard(), DataType.FLOAT).elementwisePath()).isEqualTo("fused");
    assertThat(p.jdk()).startsWith(System.getProperty("java.version"));
    assertThat(p.cpu()).isNotBlank();
  }

  @Test
  void aCheckpointKeepsItsPlatform(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("ck.bin");
    new Checkpoint("a: 1\n", 7, Nd4j.createFromArray(1f, 2f), List.of(), null, HERE).write(file);
    assertThat(Checkpoint.read(file).platform()).isEqualTo(HERE);
  }

  @Test
  void anAmdCpuWithAvx512IsZen4OrNewerAndGetsTheCoreTypeHint() {
    List<String> zen4 = List.of("vendor_id\t: AuthenticAMD", "model name\t: AMD EPYC 9654",
        "flags\t\t: fpu sse2 avx2 avx512f avx512dq");
    List<String> zen3 = List.of("vendor_id\t: AuthenticAMD", "flags\t\t: fpu sse2 avx2 fma");
    List<String> xeon = List.of("vendor_id\t: GenuineIntel", "flags\t\t: fpu avx2 avx512f");
    assertThat(Platform.amdWithAvx512(zen4)).isTrue();
    assertThat(Platform.amdWithAvx512(zen3)).isFalse();
    assertThat(Platform.amdWithAvx512(xeon)).isFalse();
    assertThat(Platform.blasCoreLine()).isNotBlank().doesNotContain("\n");
  }
}

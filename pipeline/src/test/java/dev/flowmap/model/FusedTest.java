package dev.flowmap.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** {@link Fused}: the switch, the JVM options it hands to child JVMs and the line it logs. */
class FusedTest {
  @Test
  void onForFloatInAJvmWithTheModuleAndOffForDouble() {
    assertThat(Fused.available()).isTrue();
    assertThat(Fused.on(DataType.FLOAT)).isTrue();
    assertThat(Fused.on(DataType.DOUBLE)).isFalse();
    assertThat(Fused.on(DataType.HALF)).isFalse();
    assertThat(Fused.path(DataType.FLOAT)).isEqualTo("fused");
    assertThat(Fused.path(DataType.DOUBLE)).isEqualTo("nd4j");
    assertThat(Fused.describe()).isEqualTo("fused Vector API kernels, " + VectorKernels.lanes()
        + " float lanes");
  }

  @Test
  void childJvmsGetTheVectorModule() {
    assertThat(Fused.jvmOptions()).isEqualTo(List.of("--add-modules", "jdk.incubator.vector"));
  }

  @Test
  void theSystemPropertySwitchesThemOff() {
    String before = System.getProperty("flowmap.fused");
    try {
      System.setProperty("flowmap.fused", "false");
      assertThat(Fused.available()).isFalse();
      assertThat(Fused.on(DataType.FLOAT)).isFalse();
      assertThat(Fused.path(DataType.FLOAT)).isEqualTo("nd4j");
      assertThat(Fused.describe()).isEqualTo("ND4J ops (-Dflowmap.fused=false)");
      System.setProperty("flowmap.fused", "true");
      assertThat(Fused.available()).isTrue();
    } finally {
      if (before == null) {
        System.clearProperty("flowmap.fused");
      } else {
        System.setProperty("flowmap.fused", before);
      }
    }
  }
}

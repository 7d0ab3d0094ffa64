package dev.flowmap.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Fused}: the JVM's vector module and the options it hands to child JVMs. */
class FusedTest {
  @Test
  void theTestJvmHasTheVectorModule() {
    assertThat(Fused.moduleLoaded()).isTrue();
  }

  @Test
  void childJvmsGetTheVectorModule() {
    assertThat(Fused.jvmOptions()).isEqualTo(List.of("--add-modules", "jdk.incubator.vector"));
  }
}

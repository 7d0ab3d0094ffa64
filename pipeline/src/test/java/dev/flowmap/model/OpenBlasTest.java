package dev.flowmap.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link OpenBlas}: the core OpenBLAS picked, read without a native call. */
class OpenBlasTest {
  @Test
  void namesTheCoreOpenBlasPickedOnThisX86Machine() {
    String core = OpenBlas.coreName();
    if (System.getProperty("os.arch").equals("amd64")) {
      assertThat(core).isNotEqualTo("unknown").matches("[A-Z][A-Za-z0-9]+");
    }
    assertThat(OpenBlas.coreName()).isEqualTo(core);
  }
}

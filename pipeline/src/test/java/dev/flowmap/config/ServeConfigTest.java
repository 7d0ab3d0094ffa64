package dev.flowmap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServeConfigTest {
  @Test
  void portZeroPicksAFreePort() {
    assertThat(new ServeConfig("0.0.0.0", 0, 1, 1, 1).port()).isZero();
  }

  @Test
  void rejectsBadValuesByKey() {
    assertThatThrownBy(() -> new ServeConfig("", 8080, 64, 4096, 2))
        .hasMessage("serve.host must not be empty, got ''");
    assertThatThrownBy(() -> new ServeConfig("h", 65536, 64, 4096, 2))
        .hasMessage("serve.port must be in [0, 65535], got 65536");
    assertThatThrownBy(() -> new ServeConfig("h", 8080, 0, 4096, 2))
        .hasMessage("serve.max_streams must be >= 1, got 0");
    assertThatThrownBy(() -> new ServeConfig("h", 8080, 64, 0, 2))
        .hasMessage("serve.batch must be in [1, 1000000], got 0");
    assertThatThrownBy(() -> new ServeConfig("h", 8080, 64, 4096, 0))
        .hasMessage("serve.generator_threads must be >= 1, got 0");
  }
}

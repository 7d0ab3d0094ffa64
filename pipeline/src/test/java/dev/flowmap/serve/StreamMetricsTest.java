package dev.flowmap.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmap.wire.SampleFormat;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class StreamMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final StreamMetrics metrics = new StreamMetrics(registry);

  @Test
  void registersExactlyTheAgreedMetersWithDescriptions() {
    assertThat(registry.getMeters()).extracting(m -> m.getId().getName()).containsOnly(
        "flowmap.stream.samples", "flowmap.stream.bytes", "flowmap.stream.active",
        "flowmap.stream.duration", "flowmap.stream.refused", "flowmap.stream.disconnects");
    for (String f : new String[] {"ndjson", "csv", "sse", "binary"}) {
      assertThat(registry.get("flowmap.stream.samples").tag("format", f).counter().count()).isZero();
      assertThat(registry.get("flowmap.stream.bytes").tag("format", f).counter().getId().getBaseUnit())
          .isEqualTo("bytes");
    }
    assertThat(registry.getMeters()).hasSize(12)
        .allSatisfy(m -> assertThat(m.getId().getDescription()).isNotBlank());
  }

  @Test
  void countsAStreamOnceFromOpenToEnd() {
    StreamMetrics.Stream s = metrics.open(SampleFormat.CSV);
    assertThat(registry.get("flowmap.stream.active").gauge().value()).isEqualTo(1);
    s.sent(10, 120);
    s.end(true);
    s.end(true);
    metrics.refused();
    assertThat(metrics.active()).isZero();
    assertThat(registry.get("flowmap.stream.samples").tag("format", "csv").counter().count()).isEqualTo(10);
    assertThat(registry.get("flowmap.stream.bytes").tag("format", "csv").counter().count()).isEqualTo(120);
    assertThat(registry.get("flowmap.stream.duration").timer().count()).isEqualTo(1);
    assertThat(registry.get("flowmap.stream.disconnects").counter().count()).isEqualTo(1);
    assertThat(registry.get("flowmap.stream.refused").counter().count()).isEqualTo(1);
    Meter.Id id = registry.get("flowmap.stream.active").gauge().getId();
    assertThat(id.getType()).isEqualTo(Meter.Type.GAUGE);
  }
}

package dev.flowmap.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilterReply;
import org.junit.jupiter.api.Test;

class PrometheusHygieneTest {
  private final PrometheusHygiene filter = new PrometheusHygiene();

  private static Meter.Id id(String name, String unit) {
    return new Meter.Id(name, Tags.of("type", "Flux"), unit, null, Meter.Type.TIMER);
  }

  @Test
  void stageMetersBecomeOneSnakeCaseFamilyTaggedByStage() {
    Meter.Id mapped = filter.map(id("flowmap.stage.loss.onNext.delay", null));
    assertThat(mapped.getName()).isEqualTo("flowmap.stage.on.next.delay");
    assertThat(mapped.getTag("stage")).isEqualTo("loss");
    assertThat(mapped.getTag("type")).isEqualTo("Flux");
    assertThat(mapped.getDescription()).isNotBlank();
  }

  @Test
  void unknownStageMetersAreOnlySnakeCased() {
    assertThat(filter.map(id("flowmap.stage.loss.someThing", null)).getName())
        .isEqualTo("flowmap.stage.loss.some.thing");
  }

  @Test
  void otherMetersAreLeftAloneButCpuCountIsRenamed() {
    Meter.Id loss = id("flowmap.train.loss", null);
    assertThat(filter.map(loss)).isSameAs(loss);
    assertThat(filter.map(id("system.cpu.count", null)).getName()).isEqualTo("system.cpus");
  }

  @Test
  void dropsTheNanosecondCpuCounterOnly() {
    assertThat(filter.accept(id("process.cpu.time", "ns"))).isEqualTo(MeterFilterReply.DENY);
    assertThat(filter.accept(id("process.cpu.time", "seconds"))).isEqualTo(MeterFilterReply.NEUTRAL);
  }
}

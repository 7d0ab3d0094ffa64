package dev.flowmap.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmap.sample.EmaOrRaw;
import dev.flowmap.wire.SampleFormat;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.junit.jupiter.api.Test;

class SampleRequestTest {
  private static SampleRequest parse(String query) {
    return SampleRequest.parse(new QueryStringDecoder("/samples?" + query).parameters(), () -> 77L);
  }

  @Test
  void defaultsToOneStepEmaNdjsonEndlessAndARandomSeed() {
    assertThat(parse("")).isEqualTo(
        new SampleRequest(1, SampleRequest.ENDLESS, 77L, EmaOrRaw.EMA, SampleFormat.NDJSON));
  }

  @Test
  void readsEveryParameterAtItsLimits() {
    assertThat(parse("steps=1024&count=1000000000&seed=-5&weights=raw&format=binary")).isEqualTo(
        new SampleRequest(1024, 1_000_000_000L, -5, EmaOrRaw.RAW, SampleFormat.BINARY));
    assertThat(parse("count=0").count()).isZero();
  }

  @Test
  void integrateNamesTheIntegratorAndIsLeftToTheGeneratorWhenAbsent() {
    assertThat(parse("integrate=heun").integrate()).isEqualTo(dev.flowmap.sample.Integrator.HEUN);
    assertThat(parse("integrate=euler").integrate()).isEqualTo(dev.flowmap.sample.Integrator.EULER);
    assertThat(parse("integrate=map").integrate()).isEqualTo(dev.flowmap.sample.Integrator.MAP);
    assertThat(parse("steps=64").integrate()).isNull();
    assertThatThrownBy(() -> parse("integrate=rk4"))
        .isInstanceOfSatisfying(BadParameterException.class, e -> {
          assertThat(e.parameter()).isEqualTo("integrate");
          assertThat(e.value()).isEqualTo("rk4");
          assertThat(e.getMessage()).contains("map, euler or heun");
        });
  }

  @Test
  void namesTheBadParameterAndValue() {
    assertThatThrownBy(() -> parse("steps=1025"))
        .isInstanceOfSatisfying(BadParameterException.class, e -> {
          assertThat(e.parameter()).isEqualTo("steps");
          assertThat(e.value()).isEqualTo("1025");
          assertThat(e.getMessage()).contains("1..1024");
        });
    assertThatThrownBy(() -> parse("count=ten")).hasMessageContaining("integer");
    assertThatThrownBy(() -> parse("weights=EMA")).hasMessageContaining("ema or raw");
    assertThatThrownBy(() -> parse("seed=1&seed=2")).hasMessageContaining("more than once");
    assertThatThrownBy(() -> parse("n=2")).hasMessageContaining("unknown parameter");
  }
}

package dev.flowmap.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import reactor.core.publisher.Flux;

class TelemetryTest {
  @Test
  void registryTagsEveryMeterWithRunAndMethod() {
    PrometheusMeterRegistry r = Telemetry.newRegistry("r1", "psd-m");
    {
      assertThat(r.getMeters()).isNotEmpty().allSatisfy(m -> {
        assertThat(m.getId().getTag("run")).isEqualTo("r1");
        assertThat(m.getId().getTag("method")).isEqualTo("psd-m");
      });
    }
  }

  @Test
  void bindsJvmProcessAndNd4jMetersEachWithADescription() {
    PrometheusMeterRegistry r = Telemetry.newRegistry("r", "lsd");
    {
      assertThat(r.find("jvm.memory.used").gauges()).isNotEmpty();
      assertThat(r.find("jvm.threads.live").gauge()).isNotNull();
      assertThat(r.find("jvm.classes.loaded").gauge()).isNotNull();
      assertThat(r.find("process.cpu.usage").gauge()).isNotNull();
      assertThat(r.find("process.uptime").timeGauge()).isNotNull();
      assertThat(r.find("process.cpu.time").functionCounter().getId().getBaseUnit()).isEqualTo("seconds");
      assertThat(r.find("system.cpus").gauge()).isNotNull();
      assertThat(r.find("flowmap.nd4j.offheap").gauge().getId().getBaseUnit()).isEqualTo("bytes");
      assertThat(r.find("flowmap.nd4j.physical").gauge().value()).isPositive();
      assertThat(r.getMeters()).extracting(Meter::getId)
          .allSatisfy(id -> assertThat(id.getDescription()).as(id.getName()).isNotBlank());
    }
  }

  @Test
  void offHeapGaugeFollowsJavaCppAllocations() {
    PrometheusMeterRegistry r = Telemetry.newRegistry("r", "lsd");
    {
      double before = r.find("flowmap.nd4j.offheap").gauge().value();
      BytePointer p = new BytePointer(8L << 20);
      try {
        assertThat(r.find("flowmap.nd4j.offheap").gauge().value()).isGreaterThanOrEqualTo(before + (8 << 20));
      } finally {
        p.deallocate();
      }
    }
  }

  @Test
  void offHeapGaugeFollowsNd4jArrays() {
    PrometheusMeterRegistry r = Telemetry.newRegistry("r", "lsd");
    io.micrometer.core.instrument.Gauge g = r.find("flowmap.nd4j.offheap").gauge();
    double before = g.value();
    INDArray a = Nd4j.create(DataType.FLOAT, 4L << 20); // 16 MiB
    try {
      assertThat(g.value()).isGreaterThanOrEqualTo(before + (16 << 20));
    } finally {
      a.close();
    }
    assertThat(g.value()).isLessThanOrEqualTo(before + (1 << 20));
  }

  @Test
  void heapAfterGcGaugeHoldsWhatSurvivesACollection() {
    PrometheusMeterRegistry r = Telemetry.newRegistry("r", "lsd");
    io.micrometer.core.instrument.Gauge g = r.find("flowmap.jvm.heap.after.gc").gauge();
    assertThat(g.getId().getBaseUnit()).isEqualTo("bytes");
    byte[] live = new byte[64 << 20];
    System.gc();
    double held = g.value();
    assertThat(held).isGreaterThanOrEqualTo(64 << 20);
    live[live.length - 1] = 1; // keeps the array reachable up to here
    live = null;
    System.gc();
    assertThat(g.value()).isLessThanOrEqualTo(held - (60 << 20));
  }

  @Test
  void tappedStagesAreDescribedAndTaggedByStage() {
    PrometheusMeterRegistry r = Telemetry.newRegistry("r", "lsd");
    {
      Flux.range(1, 10).transform(TrainingMetrics.tap("flowmap.stage.loss", r)).blockLast();
      assertThat(r.find("flowmap.stage.on.next.delay").tag("stage", "loss").timer().count()).isEqualTo(10);
      assertThat(r.find("flowmap.stage.flow.duration").tag("stage", "loss").timer()).isNotNull();
      assertThat(r.getMeters()).extracting(Meter::getId)
          .allSatisfy(id -> assertThat(id.getDescription()).as(id.getName()).isNotBlank());
      assertThat(r.scrape()).contains("flowmap_stage_on_next_delay_seconds_count{")
          .doesNotContain("_onNext");
    }
  }
}

package dev.flowmap.telemetry;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;
import org.bytedeco.javacpp.Pointer;

/**
 * Builds the run's Prometheus registry with the JVM, process and ND4J off-heap meters bound;
 * nothing global is touched, so {@code main} owns the registry and hands it down.
 */
public final class Telemetry {
  /** Content type of the Prometheus text exposition format that {@code /metrics} answers. */
  public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private Telemetry() {}

  /**
   * A new registry whose every meter carries the common tags {@code run} and {@code method}, with
   * JVM memory, GC, threads, class loading, processor, uptime and ND4J off-heap meters bound.
   */
  public static PrometheusMeterRegistry newRegistry(String run, String method) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("run", run, "method", method).meterFilter(new PrometheusHygiene());
    new JvmMemoryMetrics().bindTo(registry);
    // Its GC notification listener lives as long as the JVM; one registry per process is the use.
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    bindProcessCpuTime(registry);
    bindNd4j(registry);
    return registry;
  }

  /** CPU time of the process in seconds (Micrometer's own counter is in nanoseconds). */
  static void bindProcessCpuTime(MeterRegistry registry) {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
      FunctionCounter.builder("process.cpu.time", os, b -> b.getProcessCpuTime() / 1e9)
          .description("CPU time used by the process")
          .baseUnit("seconds")
          .register(registry);
    }
  }

  /** ND4J's off-heap memory as JavaCPP accounts for it (ND4J allocates through JavaCPP). */
  static void bindNd4j(MeterRegistry registry) {
    offHeapGauge(registry, "flowmap.nd4j.offheap",
        "Off-heap memory held by ND4J arrays (JavaCPP Pointer.totalBytes)", Pointer::totalBytes);
    offHeapGauge(registry, "flowmap.nd4j.offheap.max",
        "Limit on off-heap memory that JavaCPP enforces (Pointer.maxBytes)", Pointer::maxBytes);
    offHeapGauge(registry, "flowmap.nd4j.physical",
        "Resident physical memory of the process, heap and off-heap (JavaCPP Pointer.physicalBytes)",
        Pointer::physicalBytes);
  }

  private static void offHeapGauge(MeterRegistry registry, String name, String description,
                                   LongSupplier bytes) {
    Gauge.builder(name, bytes, Telemetry::readBytes)
        .description(description)
        .baseUnit("bytes")
        .strongReference(true)
        .register(registry);
  }

  /** Reads a JavaCPP counter; NaN when its native library cannot load, so scrapes never fail. */
  private static double readBytes(LongSupplier bytes) {
    try {
      return bytes.getAsLong();
    } catch (LinkageError e) {
      return Double.NaN;
    }
  }
}

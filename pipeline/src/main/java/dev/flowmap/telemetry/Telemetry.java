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
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.function.LongSupplier;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.factory.Nd4j;

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
    bindHeapAfterGc(registry);
    bindNd4j(registry);
    return registry;
  }

  /**
   * Heap in use right after the last collection, summed over the heap pools: the live set a leak
   * makes grow, which the heap in use (mostly garbage between collections) hides.
   */
  static void bindHeapAfterGc(MeterRegistry registry) {
    Gauge.builder("flowmap.jvm.heap.after.gc", Telemetry::heapAfterGc)
        .description("Java heap in use right after the last garbage collection, all heap pools")
        .baseUnit("bytes")
        .register(registry);
  }

  /** Sum of the heap pools' collection usage; 0 before the first collection. */
  static double heapAfterGc() {
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage after = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
      if (after != null) {
        used += after.getUsed();
      }
    }
    return used;
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
        "Off-heap memory held by ND4J: its arrays (libnd4j's allocation counter of device 0)"
            + " and JavaCPP pointers (Pointer.totalBytes)", Telemetry::nd4jOffHeap);
    offHeapGauge(registry, "flowmap.nd4j.offheap.max",
        "Limit on off-heap memory that JavaCPP enforces (Pointer.maxBytes)", Pointer::maxBytes);
    offHeapGauge(registry, "flowmap.nd4j.physical",
        "Resident physical memory of the process, heap and off-heap (JavaCPP Pointer.physicalBytes)",
        Pointer::physicalBytes);
  }

  /**
   * ND4J's native allocations plus JavaCPP's: ND4J 1.0.0-M2.1 allocates array buffers in libnd4j,
   * which counts them per device; JavaCPP's own counter sees only the small pointers around them.
   */
  static long nd4jOffHeap() {
    return Nd4j.getEnvironment().getDeviceCouner(0) + Pointer.totalBytes();
  }

  private static void offHeapGauge(MeterRegistry registry, String name, String description,
                                   LongSupplier bytes) {
    Gauge.builder(name, bytes, Telemetry::readBytes)
        .description(description)
        .baseUnit("bytes")
        .strongReference(true)
        .register(registry);
  }

  /** Reads a native counter; NaN when its native library cannot load, so scrapes never fail. */
  private static double readBytes(LongSupplier bytes) {
    try {
      return bytes.getAsLong();
    } catch (LinkageError | RuntimeException e) {
      return Double.NaN;
    }
  }
}

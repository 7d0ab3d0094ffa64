package dev.flowmap.train;

import dev.flowmap.eval.KlFloor;
import dev.flowmap.loss.Faults;
import dev.flowmap.model.Ops;
import dev.flowmap.config.RunConfig;
import dev.flowmap.model.FlowMapMlp;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The state that computing keeps for the life of a process, in one object instead of statics: the
 * KL-floor cache, the worker counts calibrated per shape, the faults a test may switch on, and the
 * {@link Ops} (whether float32 passes take the fused kernels, decided once here, and the clock
 * that times ops for the profile), which every network built for this context carries. A
 * command creates one and hands it to its runs; a test injects its own, so no test sees another's
 * state. Each run owns its worker pool (see {@link Trainer#close}).
 */
public final class ComputeContext {
  /** KL floors kept at most; a process uses a handful (one per evaluation size, seed and board). */
  static final int FLOORS = 64;

  private final KlFloor floors;
  private final Faults faults;
  private final Ops ops;
  private final Map<List<Object>, Threads.Calibration> calibrations = new ConcurrentHashMap<>();

  private ComputeContext(KlFloor floors, Faults faults, Ops ops) {
    this.floors = floors;
    this.faults = faults;
    this.ops = ops;
  }

  /**
   * A fresh context: empty caches, no faults, the fused kernels unless the JVM was started with
   * {@code -Dflowmap.fused=false} (read here, once).
   */
  public static ComputeContext create() {
    return create(Ops.fromSystemProperties());
  }

  /** A fresh context whose ops run as {@code ops} says. */
  public static ComputeContext create(Ops ops) {
    return new ComputeContext(new KlFloor(FLOORS), Faults.NONE, ops);
  }

  /** A fresh context whose loss terms are broken as {@code faults} say (tests only). */
  public static ComputeContext withFaults(Faults faults) {
    return new ComputeContext(new KlFloor(FLOORS), faults, Ops.fromSystemProperties());
  }

  /** The KL floors, cached. */
  public KlFloor floors() {
    return floors;
  }

  /** The faults the loss terms are built with ({@link Faults#NONE} outside tests). */
  public Faults faults() {
    return faults;
  }

  /** How this context's networks run their ops, and the clock that times them. */
  public Ops ops() {
    return ops;
  }

  /** A freshly initialised network for {@code c}, running as this context's ops say. */
  public FlowMapMlp newNetwork(RunConfig c, DataType dtype) {
    return RunSetup.newNetwork(c, dtype, ops);
  }

  /** The calibration of {@code key}, measured by {@code measure} the first time it is asked for. */
  Threads.Calibration calibration(List<Object> key,
                                  Function<List<Object>, Threads.Calibration> measure) {
    return calibrations.computeIfAbsent(key, measure);
  }
}

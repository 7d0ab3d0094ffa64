package dev.flowmap.train;

import dev.flowmap.eval.KlFloor;
import dev.flowmap.loss.Faults;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The state that computing keeps for the life of a process, in one object instead of statics: the
 * KL-floor cache, the worker counts calibrated per shape, and the faults a test may switch on. A
 * command creates one and hands it to its runs; a test injects its own, so no test sees another's
 * state. Each run owns its worker pool (see {@link Trainer#close}).
 */
public final class ComputeContext {
  /** KL floors kept at most; a process uses a handful (one per evaluation size, seed and board). */
  static final int FLOORS = 64;

  private final KlFloor floors;
  private final Faults faults;
  private final Map<List<Object>, Threads.Calibration> calibrations = new ConcurrentHashMap<>();

  private ComputeContext(KlFloor floors, Faults faults) {
    this.floors = floors;
    this.faults = faults;
  }

  /** A fresh context: empty caches, no faults. */
  public static ComputeContext create() {
    return new ComputeContext(new KlFloor(FLOORS), Faults.NONE);
  }

  /** A fresh context whose loss terms are broken as {@code faults} say (tests only). */
  public static ComputeContext withFaults(Faults faults) {
    return new ComputeContext(new KlFloor(FLOORS), faults);
  }

  /** The KL floors, cached. */
  public KlFloor floors() {
    return floors;
  }

  /** The faults the loss terms are built with ({@link Faults#NONE} outside tests). */
  public Faults faults() {
    return faults;
  }

  /** The calibration of {@code key}, measured by {@code measure} the first time it is asked for. */
  Threads.Calibration calibration(List<Object> key,
                                  Function<List<Object>, Threads.Calibration> measure) {
    return calibrations.computeIfAbsent(key, measure);
  }
}

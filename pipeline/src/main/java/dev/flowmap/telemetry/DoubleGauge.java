package dev.flowmap.telemetry;

import java.util.concurrent.atomic.AtomicLong;

/** A lock-free double holder that a gauge reads: the writer is the training thread, the reader a scrape. */
final class DoubleGauge {
  private final AtomicLong bits = new AtomicLong(Double.doubleToRawLongBits(Double.NaN));

  void set(double value) {
    bits.set(Double.doubleToRawLongBits(value));
  }

  double get() {
    return Double.longBitsToDouble(bits.get());
  }
}

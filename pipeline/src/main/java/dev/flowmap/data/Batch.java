package dev.flowmap.data;

/**
 * One training batch as host arrays, reused from step to step: a diagonal group (x0, x1, t) for
 * the flow-matching term and an off-diagonal group (x0, x1, s < t, PSD split h) for the
 * self-distillation term. Points are interleaved (x, y) pairs.
 */
public final class Batch {
  public final int diagCount;
  public final int offCount;
  public final float[] x0Diag;
  public final float[] x1Diag;
  public final float[] tDiag;
  public final float[] x0Off;
  public final float[] x1Off;
  public final float[] sOff;
  public final float[] tOff;
  public final float[] hOff;
  long step;

  public Batch(int diagCount, int offCount) {
    this.diagCount = diagCount;
    this.offCount = offCount;
    x0Diag = new float[2 * diagCount];
    x1Diag = new float[2 * diagCount];
    tDiag = new float[diagCount];
    x0Off = new float[2 * offCount];
    x1Off = new float[2 * offCount];
    sOff = new float[offCount];
    tOff = new float[offCount];
    hOff = new float[offCount];
  }

  /** The 1-based training step this batch was drawn for. */
  public long step() {
    return step;
  }
}

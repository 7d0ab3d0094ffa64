package dev.flowmap.loss;

import dev.flowmap.model.FlowMapMlp;

/**
 * A training method (docs/method.md): the diagonal flow-matching term plus one self-distillation term,
 * or plain flow matching. Each method owns its facts: its config name, its loss term, how it
 * splits a batch, its PSD split sampler and the GEMM passes (hence FLOPs) of one step.
 */
public enum Method {
  /** Lagrangian self-distillation. */
  LSD("lsd"),
  /** Progressive self-distillation at the midpoint h = 1/2. */
  PSD_M("psd-m"),
  /** Progressive self-distillation at a uniform split h ~ U[0, 1]. */
  PSD_U("psd-u"),
  /** Eulerian self-distillation. */
  ESD("esd"),
  /** Diagonal flow matching only. */
  FM("fm");

  private final String id;

  Method(String id) {
    this.id = id;
  }

  /** The name in configs, files, tags and messages. */
  @Override
  public String toString() {
    return id;
  }

  /** The name of the method's own loss term (lsd, psd, esd), or null for plain flow matching. */
  public String term() {
    return switch (this) {
      case LSD -> "lsd";
      case PSD_M, PSD_U -> "psd";
      case ESD -> "esd";
      case FM -> null;
    };
  }

  /** Whether the PSD split h is drawn from U[0, 1] (psd-u) rather than fixed at 1/2. */
  public boolean uniformSplit() {
    return this == PSD_U;
  }

  /** Diagonal samples per batch of {@code batch}: all of it for plain flow matching. */
  public int diagCount(Composition composition, double eta, int batch) {
    return this == FM ? batch : composition.diagCount(eta, batch);
  }

  /** Off-diagonal samples per batch of {@code batch}: none for plain flow matching. */
  public int offCount(Composition composition, double eta, int batch) {
    return this == FM ? 0 : composition.offCount(eta, batch);
  }

  /**
   * Floating-point operations of one step's GEMMs over {@code diag} diagonal and {@code off}
   * off-diagonal rows, given {@code fwd}, the FLOPs of one forward pass of one row.
   */
  public long flopsPerStep(long fwd, int diag, int off) {
    long diagonal = 3 * fwd * diag; // forward + two backward GEMMs
    long main = switch (this) {
      case LSD -> 3 * fwd * 2L * off + fwd * off;                 // tangent-stacked student, teacher
      case PSD_M, PSD_U -> 3 * fwd * off + 2 * fwd * off;         // student, two teacher passes
      case ESD -> 3 * fwd * 2L * off + fwd * off + fwd * 2L * off; // student, b, J_x tangent pass
      case FM -> 0;
    };
    return diagonal + main;
  }

  /**
   * The method's self-distillation term over {@code n} rows, or null for plain flow matching;
   * LSD's target comes from the spec's teacher when not null (a frozen network), else from the
   * student, and its rows (and the diagonal term's) follow the spec's Huber threshold; {@code faults} break it on purpose
   * (tests only).
   */
  Term newTerm(FlowMapMlp net, int n, LossSpec spec, Faults faults) {
    return switch (this) {
      case LSD -> new LagrangianSelfDistillation(net, n, spec.teacher(), spec.huber(), faults);
      case PSD_M, PSD_U -> new ProgressiveSelfDistillation(net, n, spec.psdForm() == PsdForm.POSITION);
      case ESD -> new EulerianSelfDistillation(net, n);
      case FM -> null;
    };
  }
}

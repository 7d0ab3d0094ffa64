package dev.flowmap.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowmap.config.RunConfig;
import dev.flowmap.data.Batch;
import dev.flowmap.model.OpClock;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Where the time of one training step goes, in milliseconds per step averaged over timed steps:
 * drawing the batch, the loss stage's GEMM, fused kernels and element-wise ND4J ops (timed op by
 * op with {@link OpClock}; the thin GEMMs' part of the GEMM time apart), the rest of the loss stage (host-to-device copies, BLAS level-1 reductions,
 * Java), and the optimizer stage (clip, update, EMA).
 */
public record StepProfile(double batch, double gemm, double thinGemm, double fused, double elementwise,
                          double otherLoss, double optimizer) {
  public double total() {
    return batch + gemm + fused + elementwise + otherLoss + optimizer;
  }

  /**
   * The wall time of a step's stages on its W workers, in milliseconds per step: drawing the batch,
   * the loss stage (the row split, its reduction included) and the optimizer stage (clip, update,
   * EMA; split over the workers unless {@code -Dflowmap.splitOptimizer=false}).
   */
  public record Stages(int workers, double batch, double loss, double optimizer) {
    public double total() {
      return batch + loss + optimizer;
    }

    public ObjectNode json(ObjectMapper mapper) {
      return mapper.createObjectNode().put("workers", workers).put("batch", batch).put("loss", loss)
          .put("optimizer", optimizer).put("total", total());
    }
  }

  /**
   * Profiles the config's step as configured (its {@code train.threads} workers), timing ops with
   * the clock of {@code compute}.
   */
  public static StepProfile measure(ComputeContext compute, RunConfig c, int warmup, int steps) {
    OpClock clock = compute.ops().clock();
    long[] t = run(compute, c, warmup, steps, true);
    double n = steps * 1e6;
    double gemm = clock.gemmNanos() / n;
    double fused = clock.fusedNanos() / n;
    double ew = clock.elementwiseNanos() / n;
    return new StepProfile(t[0] / n, gemm, clock.thinGemmNanos() / n, fused, ew,
        t[1] / n - gemm - fused - ew, t[2] / n);
  }

  /** The stages of the config's step on its {@code train.threads} workers, ops untimed. */
  public static Stages stages(ComputeContext compute, RunConfig c, int warmup, int steps) {
    long[] t = run(compute, c, warmup, steps, false);
    double n = steps * 1e6;
    return new Stages(c.train().threads(), t[0] / n, t[1] / n, t[2] / n);
  }

  /** Nanoseconds drawing, in the loss stage and in the optimizer stage over the timed steps. */
  private static long[] run(ComputeContext compute, RunConfig c, int warmup, int steps, boolean timeOps) {
    OpClock clock = compute.ops().clock();
    try (Trainer trainer = new Trainer(c, compute.newNetwork(c, DataType.FLOAT))) {
      return run(trainer, clock, warmup, steps, timeOps);
    }
  }

  private static long[] run(Trainer trainer, OpClock clock, int warmup, int steps, boolean timeOps) {
    Batch b = trainer.newBatch();
    for (int i = 1; i <= warmup; i++) {
      trainer.applyUpdate(trainer.computeLoss(trainer.fill(b, i)));
    }
    long draw = 0;
    long loss = 0;
    long opt = 0;
    clock.reset();
    try {
      for (int i = 1; i <= steps; i++) {
        long t0 = System.nanoTime();
        trainer.fill(b, warmup + i);
        long t1 = System.nanoTime();
        clock.enable(timeOps);
        Trainer.LossOutcome o = trainer.computeLoss(b);
        clock.enable(false);
        long t2 = System.nanoTime();
        trainer.applyUpdate(o);
        long t3 = System.nanoTime();
        draw += t1 - t0;
        loss += t2 - t1;
        opt += t3 - t2;
      }
    } finally {
      clock.enable(false);
    }
    return new long[] {draw, loss, opt};
  }

  public ObjectNode json(ObjectMapper mapper) {
    return mapper.createObjectNode().put("batch", batch).put("gemm", gemm).put("thin_gemm", thinGemm)
        .put("fused", fused)
        .put("elementwise", elementwise)
        .put("other_loss", otherLoss).put("optimizer", optimizer).put("total", total());
  }
}

package dev.flowmap.train;

import dev.flowmap.data.Batch;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * The training chain: a batch source that draws a batch only when one is requested, then the
 * loss stage, then the optimizer stage, giving a {@code Flux} of step events. The stages are
 * synchronous maps, so one reusable batch buffer is safe: the next batch is drawn only after the
 * previous one has passed the optimizer stage.
 */
public final class TrainingPipeline {
  public static final String BATCHES = "flowmap.stage.batches";
  public static final String LOSS = "flowmap.stage.loss";
  public static final String UPDATE = "flowmap.stage.update";

  private TrainingPipeline() {}

  /**
   * Batches {@code from .. to} (inclusive, 1-based), made on demand. Completes with the last
   * batch, so a subscriber that requests exactly the number of steps sees the end.
   */
  public static Flux<Batch> batches(Trainer trainer, long from, long to) {
    Batch buffer = trainer.newBatch();
    return Flux.generate(() -> from, (step, sink) -> {
      if (step > to) {
        sink.complete();
        return step;
      }
      sink.next(trainer.fill(buffer, step));
      if (step == to) {
        sink.complete();
      }
      return step + 1;
    });
  }

  /** The loss stage. */
  public static Function<Flux<Batch>, Flux<Trainer.LossOutcome>> computeLoss(Trainer trainer) {
    return batches -> batches.map(trainer::computeLoss);
  }

  /** The optimizer stage. */
  public static Function<Flux<Trainer.LossOutcome>, Flux<StepEvent>> applyUpdate(Trainer trainer) {
    return losses -> losses.map(trainer::applyUpdate);
  }

  /** The whole chain for steps {@code from .. to}, each stage named and tapped. */
  public static Flux<StepEvent> steps(Trainer trainer, long from, long to, StageTap tap) {
    return tap.tap(BATCHES, batches(trainer, from, to))
        .transform(computeLoss(trainer))
        .transform(f -> tap.tap(LOSS, f))
        .transform(applyUpdate(trainer))
        .transform(f -> tap.tap(UPDATE, f));
  }
}

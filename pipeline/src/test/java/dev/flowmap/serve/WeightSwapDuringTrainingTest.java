package dev.flowmap.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmap.config.ConfigLoader;
import dev.flowmap.config.RunConfig;
import dev.flowmap.sample.SnapshotGenerator;
import dev.flowmap.train.RunDirectory;
import dev.flowmap.train.RunSetup;
import dev.flowmap.wire.BatchSeeds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The served model follows a real training run with periodic evaluation (eval_every > 0): the
 * /samples stream serves the weights published at the start and after each evaluation, and never
 * the weights of a step in between. Every body fetched during the run is compared with what each
 * published snapshot generates for the same seed.
 */
@Timeout(300)
class WeightSwapDuringTrainingTest {
  private static final int EVAL_EVERY = 20;
  private static final int STEPS = 3 * EVAL_EVERY;
  private static final int COUNT = 64;
  private static final long SEED = 7;

  @TempDir
  Path tmp;

  @Test
  void streamsServeTheWeightsPublishedAtStartAndAfterEachEvaluation() throws Exception {
    RunConfig config = ConfigLoader.load(Path.of("../configs/smoke.yaml"), List.of(
        "train.steps=" + STEPS, "train.eval_every=" + EVAL_EVERY, "train.eval_samples=2000",
        "train.checkpoint_every=0", "eval.samples=2000"));
    List<SnapshotGenerator.Weights> published = new CopyOnWriteArrayList<>();
    List<float[]> fetched = new CopyOnWriteArrayList<>();
    try (TrainingApp app = TrainingApp.start(config, new RunDirectory(tmp.resolve("run")), null, true,
        "127.0.0.1", 0, false)) {
      app.run().onWeights(published::add);
      float[] before = ServedCheckpoint.binarySamples(app.url(), 1, COUNT, SEED);
      AtomicBoolean done = new AtomicBoolean();
      Thread reader = new Thread(() -> {
        try {
          while (!done.get()) {
            fetched.add(ServedCheckpoint.binarySamples(app.url(), 1, COUNT, SEED));
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, "weight-swap-reader");
      reader.start();
      app.train();
      done.set(true);
      reader.join(60_000);
      float[] after = ServedCheckpoint.binarySamples(app.url(), 1, COUNT, SEED);

      // published: at the start, after the evaluations at 20 and 40, and after the final one at 60
      assertThat(published).extracting(SnapshotGenerator.Weights::step)
          .containsExactly(0L, (long) EVAL_EVERY, 2L * EVAL_EVERY, (long) STEPS);
      List<float[]> expected = new ArrayList<>();
      for (SnapshotGenerator.Weights w : published) {
        float[] xy = new float[2 * COUNT];
        new SnapshotGenerator(w, RunSetup.baseSigma(config), config.eval().sampler(),
            config.serve().batch())
            .generate(1, true, BatchSeeds.of(SEED, 0), COUNT, xy);
        expected.add(xy);
      }
      for (int i = 1; i < expected.size(); i++) {
        assertThat(expected.get(i)).as("snapshot %d differs from the one before", i)
            .isNotEqualTo(expected.get(i - 1));
      }
      assertThat(before).as("before training: the step-0 weights").containsExactly(expected.get(0));
      assertThat(after).as("after training: the final weights").containsExactly(expected.get(expected.size() - 1));
      int[] served = new int[expected.size()];
      for (float[] body : fetched) {
        for (int k = 0; k < expected.size(); k++) {
          served[k] += Arrays.equals(expected.get(k), body) ? 1 : 0;
        }
      }
      System.out.printf("%d bodies fetched during training; by snapshot (steps 0, 20, 40, 60): %s%n",
          fetched.size(), Arrays.toString(served));
      for (int i = 0; i < fetched.size(); i++) {
        float[] body = fetched.get(i);
        assertThat(expected.stream().anyMatch(e -> Arrays.equals(e, body)))
            .as("body %d of %d is one of the published snapshots' samples", i, fetched.size()).isTrue();
      }
    }
  }
}

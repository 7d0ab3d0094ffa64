package dev.flowmap.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmap.eval.EvalReport;
import dev.flowmap.eval.Evaluator;
import dev.flowmap.eval.KlRow;
import dev.flowmap.eval.KlTables;
import dev.flowmap.train.RunSetup;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real model over real HTTP: samples streamed from {@code /samples} of a server serving a
 * trained smoke checkpoint score, at n = 100,000, the KL and in-support fraction that the
 * checkpoint's own final evaluation (its {@code kl.json}, also at n = 100,000) reports.
 *
 * <p>Both estimates use the same target sample (the evaluator is seeded by the run's seed), so
 * they differ only through the generated samples: the eval draws them with the run's evaluation
 * seed, the stream with its own. The KL tolerance is therefore measured, not guessed: the test
 * scores {@value #SPREAD_DRAWS} more draws of the served generator with other seeds, takes their
 * standard deviation s, and allows 5 * sqrt(2) * s for the difference of two independent draws
 * (plus 1e-3 absolute, so a tiny s cannot make it flaky). The in-support fraction is a binomial
 * proportion: its difference may be at most 5 standard errors, 5 * sqrt(2 p (1 - p) / n).
 */
class ServedModelQualityTest {
  static final int N = 100_000;
  static final int SPREAD_DRAWS = 4;
  private static ServedCheckpoint served;
  private static EvalReport own;

  @BeforeAll
  static void trainAndServe() throws Exception {
    served = new ServedCheckpoint(List.of("train.steps=500", "train.eval_every=0",
        "train.checkpoint_every=0", "eval.samples=" + N));
    own = KlTables.readJson(served.dir.resolve("kl.json"));
  }

  @AfterAll
  static void stop() throws Exception {
    served.close();
  }

  @Test
  void theCheckpointsOwnEvaluationIsAtTheSameSampleSize() {
    assertThat(own.samples()).isEqualTo(N);
    assertThat(own.step()).isEqualTo(500);
    assertThat(own.rows()).extracting(KlRow::steps).containsExactlyElementsOf(served.config.eval().steps());
  }

  @Test
  void streamedSamplesReachTheEvaluationsKlAndInSupportFractionForEveryN() throws Exception {
    Evaluator evaluator = new Evaluator(RunSetup.board(served.config), N, served.config.train().seed());
    for (KlRow reported : own.rows()) {
      int steps = reported.steps();
      float[] xy = ServedCheckpoint.binarySamples(served.url(), steps, N, 0xC0FFEE + steps);
      KlRow streamed = evaluator.score(steps, xy, N);

      double[] kls = new double[SPREAD_DRAWS];
      float[] other = new float[2 * N];
      for (int d = 0; d < SPREAD_DRAWS; d++) {
        served.generator.generate(steps, true, 1000L * steps + d, N, other);
        kls[d] = evaluator.score(steps, other, N).kl();
      }
      double klTolerance = 5 * Math.sqrt(2) * std(kls) + 1e-3;
      double p = reported.inSupport();
      double supportTolerance = 5 * Math.sqrt(2 * p * (1 - p) / N);
      System.out.printf("N=%d: eval KL %.4f (floor %.4f), streamed KL %.4f, seed-to-seed sd %.4f,"
              + " tolerance %.4f; eval in-support %.4f, streamed %.4f, tolerance %.4f%n", steps,
          reported.kl(), reported.floor(), streamed.kl(), std(kls), klTolerance, p,
          streamed.inSupport(), supportTolerance);

      assertThat(streamed.kl()).as("streamed KL, N=%d", steps)
          .isCloseTo(reported.kl(), org.assertj.core.data.Offset.offset(klTolerance));
      assertThat(streamed.inSupport()).as("streamed in-support fraction, N=%d", steps)
          .isCloseTo(p, org.assertj.core.data.Offset.offset(supportTolerance));
      // and it is a trained model, not noise: clearly above the half a blob on the board gets
      assertThat(streamed.inSupport()).as("N=%d", steps).isGreaterThan(0.6);
    }
  }

  private static double std(double[] v) {
    double mean = 0;
    for (double x : v) {
      mean += x / v.length;
    }
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    return Math.sqrt(ss / (v.length - 1));
  }
}

package dev.flowmap.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmap.eval.EvalReport;
import dev.flowmap.eval.Evaluator;
import dev.flowmap.eval.HistogramKl;
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
 * seed, the stream with its own. The KL tolerance is derived from n: the m in-range generated
 * points fall in the histogram's bins as a multinomial, so by the delta method the KL estimate has
 * variance (1/m) (sum_b pi_b h_b^2 - (sum_b pi_b h_b)^2), with pi_b the share of points in bin b
 * and h_b the KL's derivative w.r.t. that share (taken by central differences of the production
 * {@code HistogramKl.kl}, so the bound follows the estimator whatever its form). The difference of
 * two independent draws may be 5 * sqrt(2) standard errors (plus 1e-3 absolute). The in-support
 * fraction is a binomial proportion: its difference may be at most 5 standard errors,
 * 5 * sqrt(2 p (1 - p) / n).
 */
class ServedModelQualityTest {
  static final int N = 100_000;
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

      double se = klStandardError(evaluator.target(), xy);
      double klTolerance = 5 * Math.sqrt(2) * se + 1e-3;
      double p = reported.inSupport();
      double supportTolerance = 5 * Math.sqrt(2 * p * (1 - p) / N);
      System.out.printf("N=%d: eval KL %.4f (floor %.4f), streamed KL %.4f, standard error from n %.4f,"
              + " tolerance %.4f; eval in-support %.4f, streamed %.4f, tolerance %.4f%n", steps,
          reported.kl(), reported.floor(), streamed.kl(), se, klTolerance, p,
          streamed.inSupport(), supportTolerance);

      assertThat(streamed.kl()).as("streamed KL, N=%d", steps)
          .isCloseTo(reported.kl(), org.assertj.core.data.Offset.offset(klTolerance));
      assertThat(streamed.inSupport()).as("streamed in-support fraction, N=%d", steps)
          .isCloseTo(p, org.assertj.core.data.Offset.offset(supportTolerance));
      // and it is a trained model, not noise: clearly above the half a blob on the board gets
      assertThat(streamed.inSupport()).as("N=%d", steps).isGreaterThan(0.6);
    }
  }

  /** The delta-method standard error of the KL of {@code xy} (N points) against the target sample. */
  static double klStandardError(float[] target, float[] xy) {
    HistogramKl h = new HistogramKl();
    double[] p = h.probabilities(target, N);
    double[] q = h.probabilities(xy, N);
    long[] counts = new long[q.length];
    long m = 0;
    for (int i = 0; i < N; i++) {
      int b = h.index(xy[2 * i], xy[2 * i + 1]);
      if (b >= 0) {
        counts[b]++;
        m++;
      }
    }
    double mean = 0;
    double second = 0;
    double r = 1e-4;
    for (int b = 0; b < q.length; b++) {
      if (counts[b] == 0) {
        continue; // a share of 0 adds nothing to either sum
      }
      double pi = (double) counts[b] / m;
      double keep = q[b];
      q[b] = keep * (1 + r);
      double up = HistogramKl.kl(p, q);
      q[b] = keep * (1 - r);
      double down = HistogramKl.kl(p, q);
      q[b] = keep;
      double dShare = (up - down) / (2 * r * pi); // q_b is proportional to pi_b
      mean += pi * dShare;
      second += pi * dShare * dShare;
    }
    return Math.sqrt(Math.max(0, second - mean * mean) / m);
  }
}

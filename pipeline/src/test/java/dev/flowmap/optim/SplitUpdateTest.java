package dev.flowmap.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The optimizer stage cut into parts gives the whole-vector stage's bits: weights, both moments,
 * the EMA and the clipped gradient, float32, over several steps with and without clipping, for
 * every optimizer and any number of parts, the parts run on threads of their own.
 */
class SplitUpdateTest {
  private static final int STEPS = 8;

  /** One optimizer stage over n float32 weights: the weights, its optimizer, its EMA and its gradient. */
  private record Stage(INDArray params, INDArray grad, Optimizer optimizer, Ema ema) {
    static Stage of(OptimizerKind kind, int n, double weightDecay) {
      float[] start = new float[n];
      Random random = new Random(3);
      for (int i = 0; i < n; i++) {
        start[i] = (float) random.nextGaussian();
      }
      INDArray params = Nd4j.createFromArray(start);
      return new Stage(params, Nd4j.create(DataType.FLOAT, n),
          kind.create(n, DataType.FLOAT, 0.9, 0.999, 1e-8, weightDecay), new Ema(params, 0.99));
    }

    float[] bits() {
      List<float[]> all = new ArrayList<>();
      all.add(params.toFloatVector());
      all.add(grad.toFloatVector());
      all.add(ema.weights().toFloatVector());
      optimizer.state().forEach(a -> all.add(a.toFloatVector()));
      int len = all.stream().mapToInt(a -> a.length).sum();
      float[] out = new float[len];
      int off = 0;
      for (float[] a : all) {
        System.arraycopy(a, 0, out, off, a.length);
        off += a.length;
      }
      return out;
    }
  }

  @ParameterizedTest
  @CsvSource({"adamw,199170,1e-4", "adamw,4610,0", "adam,4610,1e-3", "radam,4610,1e-3", "adamw,65,1e-4",
      "radam,130,0", "adamw,1,1e-4"})
  void anyNumberOfPartsGivesTheWholeStagesBits(String kind, int n, double weightDecay) throws Exception {
    int blasThreads = Nd4j.factory().blas().getMaxThreads();
    Nd4j.factory().blas().setMaxThreads(Integer.getInteger("splitTest.blas", 1));
    try {
      compareParts(kind, n, weightDecay);
    } finally {
      Nd4j.factory().blas().setMaxThreads(blasThreads);
    }
  }

  private static void compareParts(String kind, int n, double weightDecay) throws Exception {
    OptimizerKind k = OptimizerKind.valueOf(kind.toUpperCase());
    Stage whole = Stage.of(k, n, weightDecay);
    float[][] grads = gradients(n);
    double clip = clipBetween(grads);
    int clipped = 0;
    for (int s = 1; s <= STEPS; s++) {
      whole.grad().assign(Nd4j.createFromArray(grads[s - 1]));
      clipped += GradClip.clipGlobalNorm(whole.grad(), clip) > clip ? 1 : 0;
      whole.optimizer().step(whole.params(), whole.grad(), s, lr(s));
      whole.ema().update(whole.params());
    }
    assertThat(clipped).as("steps clipped").isBetween(1, STEPS - 1);
    float[] expected = whole.bits();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      for (int parts : new int[] {1, 2, 3, 5}) {
        Stage split = Stage.of(k, n, weightDecay);
        SplitUpdate update = new SplitUpdate(split.optimizer(), split.ema(), split.params(), split.grad(), parts);
        for (int s = 1; s <= STEPS; s++) {
          split.grad().assign(Nd4j.createFromArray(grads[s - 1]));
          update.prepare(GradClip.factor(GradClip.norm(split.grad()), clip), s, lr(s));
          List<Future<?>> running = new ArrayList<>();
          for (int p = parts - 1; p >= 0; p--) {
            int part = p;
            running.add(threads.submit(() -> update.run(part)));
          }
          for (Future<?> f : running) {
            f.get();
          }
        }
        float[] got = split.bits();
        int at = java.util.Arrays.mismatch(got, expected);
        assertThat(at).as("%s over %d weights in %d parts: first differing value (of weights, gradient, "
            + "EMA, m, v, each %d long) at %d: %s, not %s", kind, n, parts, n, at,
            at < 0 ? "" : got[at], at < 0 ? "" : expected[at]).isEqualTo(-1);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void partsAreWholeBlocksCoveringEveryElementOnce() {
    for (long n : new long[] {1, 63, 64, 65, 4610, 199_170}) {
      for (int parts = 1; parts <= 5; parts++) {
        long[] b = SplitUpdate.bounds(n, parts);
        assertThat(b).hasSize(parts + 1);
        assertThat(b[0]).isZero();
        assertThat(b[parts]).isEqualTo(n);
        for (int k = 0; k < parts; k++) {
          if (b[k] < n) {
            assertThat(b[k] % SplitUpdate.ALIGN).as("start of part %d of %d over %d", k, parts, n).isZero();
          }
          assertThat(b[k + 1]).isGreaterThanOrEqualTo(b[k]);
          if (b[k + 1] < n) {
            assertThat(b[k + 1] - b[k]).isLessThanOrEqualTo((n / parts / SplitUpdate.ALIGN + 1) * SplitUpdate.ALIGN);
          }
        }
      }
    }
    assertThat(SplitUpdate.bounds(199_170, 2)).containsExactly(0, 99_648, 199_170);
    assertThat(SplitUpdate.bounds(65, 3)).containsExactly(0, 64, 65, 65);
  }

  @Test
  void refusesPartsOfAStridedVectorOrOffTheGrid() {
    INDArray matrix = Nd4j.create(DataType.FLOAT, 200, 2);
    assertThatThrownBy(() -> SplitUpdate.view(matrix.getColumn(0), 0, 100))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contiguous rank-1");
    assertThatThrownBy(() -> SplitUpdate.view(Nd4j.create(DataType.FLOAT, 200), 10, 100))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiple of 64");
    assertThatThrownBy(() -> SplitUpdate.bounds(10, 0)).isInstanceOf(IllegalArgumentException.class);
    Optimizer adam = OptimizerKind.ADAM.create(10, DataType.FLOAT, 0.9, 0.999, 1e-8, 0);
    assertThatThrownBy(() -> new SplitUpdate(adam, new Ema(Nd4j.create(DataType.FLOAT, 10), 0),
        Nd4j.create(DataType.FLOAT, 11), Nd4j.create(DataType.FLOAT, 11), 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length 10");
  }

  /** Random gradients whose norms differ by step, so that a clip between them is hit some steps only. */
  private static float[][] gradients(int n) {
    Random random = new Random(5);
    float[][] g = new float[STEPS][n];
    for (int s = 0; s < STEPS; s++) {
      double scale = s % 2 == 0 ? 1 : 0.01;
      for (int i = 0; i < n; i++) {
        g[s][i] = (float) (scale * random.nextGaussian());
      }
    }
    return g;
  }

  /** A clip norm between the small and the large gradients' norms. */
  private static double clipBetween(float[][] grads) {
    double small = Nd4j.createFromArray(grads[1]).norm2Number().doubleValue();
    double large = Nd4j.createFromArray(grads[0]).norm2Number().doubleValue();
    return Math.sqrt(small * large);
  }

  private static double lr(int step) {
    return 1e-3 * step;
  }
}

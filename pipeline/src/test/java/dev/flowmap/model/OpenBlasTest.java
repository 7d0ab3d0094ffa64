package dev.flowmap.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link OpenBlas}: the core OpenBLAS picked, read without a native call, and {@code cblas_sgemm}
 * called directly on the shapes and views a pass uses: {@link Ops#gemm} gives ND4J's bits, since it
 * leaves to ND4J the single rows (M = 1) and rank-1 updates (K = 1) that ND4J does not send to
 * OpenBLAS (there OpenBLAS agrees within float rounding), and the same bits on every run.
 */
class OpenBlasTest {
  @Test
  void namesTheCoreOpenBlasPickedOnThisX86Machine() {
    String core = OpenBlas.coreName();
    if (System.getProperty("os.arch").equals("amd64")) {
      assertThat(core).isNotEqualTo("unknown").matches("[A-Z][A-Za-z0-9]+");
    }
    assertThat(OpenBlas.coreName()).isEqualTo(core);
  }

  private static INDArray rand(long seed, long rows, long cols) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.rand(DataType.FLOAT, rows, cols).subi(0.5f);
  }

  /** The bottom {@code n} rows of a 2n-row array: a view at an offset, as the tangent rows are. */
  private static INDArray bottom(INDArray a) {
    long n = a.rows() / 2;
    return a.get(NDArrayIndex.interval(n, 2 * n), NDArrayIndex.all());
  }

  @ParameterizedTest
  @CsvSource({
      // m, k, n, transA, transB, beta, views
      "37, 24, 19, false, false, 0.0, false, true",
      "37, 24, 19, false, false, 1.0, true, true",
      "24, 37, 19, true, false, 1.0, true, true",
      "37, 19, 24, false, true, 0.0, true, true",
      "1, 37, 19, false, false, 1.0, false, false",
      "37, 64, 2, false, false, 0.0, false, true",
      "37, 1, 19, false, false, 1.0, false, false",
      "37, 4, 64, false, false, 0.0, true, true"})
  void directGemmGivesNd4jsBits(int m, int k, int n, boolean transA,
                                                      boolean transB, double beta, boolean views,
                                                      boolean nd4jCallsOpenBlas) {
    INDArray a = transA ? rand(1, k, m) : rand(1, m, k);
    INDArray b = transB ? rand(2, n, k) : rand(2, k, n);
    INDArray c0 = rand(3, views ? 2L * m : m, n);
    if (views) {
      a = bottom(Nd4j.concat(0, rand(4, a.rows(), a.columns()), a));
    }
    INDArray c = views ? bottom(c0) : c0;
    INDArray viaNd4j = c.dup();
    Ops nd4j = Ops.of(true, 0, false);
    Ops direct = Ops.of(true, 0, true);
    nd4j.gemm(a, b, viaNd4j, transA, transB, 0.75, beta).run();
    assertThat(OpenBlas.canBind(a, b, c)).isTrue();
    INDArray before = c.dup();
    Kernel k1 = direct.gemm(a, b, c, transA, transB, 0.75, beta);
    k1.run();
    float[] got = c.dup().data().asFloat();
    float[] nd4jBits = viaNd4j.dup().data().asFloat();
    assertThat(got).isEqualTo(nd4jBits);
    if (!nd4jCallsOpenBlas) { // ND4J runs M = 1 and K = 1 its own way: OpenBLAS rounds differently
      INDArray raw = before.dup();
      OpenBlas.gemm(a, b, raw, transA, transB, 0.75, beta).run();
      float[] rawBits = raw.data().asFloat();
      for (int i = 0; i < got.length; i++) {
        assertThat((double) rawBits[i]).isCloseTo(nd4jBits[i], within(1e-6));
      }
    }
    c.assign(before);
    k1.run();
    assertThat(c.dup().data().asFloat()).as("the same bits on every run").isEqualTo(got);
    if (views) {
      assertThat(c0.get(NDArrayIndex.interval(0, m), NDArrayIndex.all()))
          .as("rows outside the view untouched").isEqualTo(rand(3, 2L * m, n)
              .get(NDArrayIndex.interval(0, m), NDArrayIndex.all()));
    }
  }

  @Test
  void doublesAndStridedColumnsStayWithNd4j() {
    assertThat(OpenBlas.canBind(Nd4j.rand(DataType.DOUBLE, 3, 3))).isFalse();
    INDArray cols = rand(5, 6, 4).get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2));
    assertThat(OpenBlas.canBind(cols)).isTrue(); // rows of 2 at a distance of 4: a leading dimension
    assertThat(OpenBlas.canBind(rand(6, 4, 6).transpose())).isFalse();
  }
}

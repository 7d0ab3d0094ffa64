package dev.flowmap.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CheckerboardTest {
  private final Checkerboard board = new Checkerboard(4, 1.0);

  @Test
  void countsKeptSquaresAndExtent() {
    assertThat(board.keptSquares()).isEqualTo(8);
    assertThat(new Checkerboard(3, 1.0).keptSquares()).isEqualTo(5);
    assertThat(board.halfExtent()).isEqualTo(2.0);
    assertThat(new Checkerboard(5, 0.3).halfExtent()).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void squareOfOnCentresAndEdgesFollowsTheLowerClosedUpperOpenConvention() {
    // row j = 0 (y in [-2, -1)): cells i = 0 and 2 are kept, numbered 0 and 1
    assertThat(board.squareOf(-1.5, -1.5)).isEqualTo(0);
    assertThat(board.squareOf(-0.5, -1.5)).isEqualTo(-1);
    assertThat(board.squareOf(0.5, -1.5)).isEqualTo(1);
    assertThat(board.squareOf(1.5, -1.5)).isEqualTo(-1);
    // rows 1, 2, 3: (1,1), (3,1) -> 2, 3; (0,2), (2,2) -> 4, 5; (1,3), (3,3) -> 6, 7
    assertThat(board.squareOf(-0.5, -0.5)).isEqualTo(2);
    assertThat(board.squareOf(1.5, -0.5)).isEqualTo(3);
    assertThat(board.squareOf(-1.5, 0.5)).isEqualTo(4);
    assertThat(board.squareOf(0.5, 0.5)).isEqualTo(5);
    assertThat(board.squareOf(-0.5, 1.5)).isEqualTo(6);
    assertThat(board.squareOf(1.5, 1.5)).isEqualTo(7);
    // lower edges belong to the cell: the grid corner (-2, -2) and the origin (cell (2, 2))
    assertThat(board.squareOf(-2.0, -2.0)).isEqualTo(0);
    assertThat(board.squareOf(0.0, 0.0)).isEqualTo(5);
    // x = -1 starts cell i = 1 (not kept in row 0); just below it is still cell 0
    assertThat(board.squareOf(-1.0, -1.5)).isEqualTo(-1);
    assertThat(board.squareOf(Math.nextDown(-1.0), -1.5)).isEqualTo(0);
    // the grid's upper edges are outside, just below them is inside
    assertThat(board.squareOf(2.0, 1.5)).isEqualTo(-1);
    assertThat(board.squareOf(1.5, 2.0)).isEqualTo(-1);
    assertThat(board.squareOf(Math.nextDown(2.0), Math.nextDown(2.0))).isEqualTo(7);
    assertThat(board.squareOf(Math.nextDown(-2.0), -1.5)).isEqualTo(-1);
    assertThat(board.squareOf(Double.NaN, 0.5)).isEqualTo(-1);
    assertThat(board.contains(0.5, 0.5)).isTrue();
    assertThat(board.contains(0.5, -0.5)).isFalse();
    assertThat(board.contains(3.0, 3.0)).isFalse();
  }

  @Test
  void samplesLieInKeptSquaresWithEqualProbability() {
    int n = 80_000;
    float[] xy = new float[2 * n];
    board.sample(new Rng(11), xy, 0, n);
    int[] counts = new int[8];
    int outside = 0;
    float maxAbs = 0;
    for (int p = 0; p < n; p++) {
      float x = xy[2 * p];
      float y = xy[2 * p + 1];
      maxAbs = Math.max(maxAbs, Math.max(Math.abs(x), Math.abs(y)));
      int square = board.squareOf(x, y);
      if (square < 0) {
        outside++;
      } else {
        counts[square]++;
      }
    }
    assertThat(outside).isZero();
    assertThat(maxAbs).isLessThan(2.0f);
    double expected = n / 8.0;
    double chi2 = 0;
    for (int c : counts) {
      chi2 += (c - expected) * (c - expected) / expected;
    }
    // chi-square with 7 degrees of freedom: 0.999 quantile 24.32
    assertThat(chi2).isLessThan(24.32);
  }

  @Test
  void samplesAreUniformWithinTheirSquare() {
    int n = 80_000;
    float[] xy = new float[2 * n];
    board.sample(new Rng(12), xy, 0, n);
    int[] counts = new int[16]; // 4 x 4 sub-cells of the unit square, by quartile of each offset
    for (int p = 0; p < n; p++) {
      double u = xy[2 * p] + 2.0 - Math.floor(xy[2 * p] + 2.0);
      double v = xy[2 * p + 1] + 2.0 - Math.floor(xy[2 * p + 1] + 2.0);
      counts[(int) (u * 4) * 4 + (int) (v * 4)]++;
    }
    double expected = n / 16.0;
    double chi2 = 0;
    for (int c : counts) {
      chi2 += (c - expected) * (c - expected) / expected;
    }
    // chi-square with 15 degrees of freedom: 0.999 quantile 37.70
    assertThat(chi2).isLessThan(37.70);
  }

  @Test
  void marginalStdMatchesTheClosedFormAndTheSamples() {
    // 4 x 4: each column holds two kept squares, so x is uniform on [-2, 2]: std 2 / sqrt(3)
    assertThat(board.marginalStd()).isCloseTo(2 / Math.sqrt(3), within(1e-12));
    // 3 x 3: x ~ 2/5 U[-1.5,-0.5] + 1/5 U[-0.5,0.5] + 2/5 U[0.5,1.5], variance 53/60
    Checkerboard three = new Checkerboard(3, 1.0);
    assertThat(three.marginalStd()).isCloseTo(Math.sqrt(53.0 / 60), within(1e-12));
    for (Checkerboard b : new Checkerboard[] {board, three, new Checkerboard(5, 0.3)}) {
      int n = 200_000;
      float[] xy = new float[2 * n];
      b.sample(new Rng(13), xy, 0, n);
      for (int axis = 0; axis < 2; axis++) {
        double sum = 0;
        double sumSq = 0;
        for (int p = 0; p < n; p++) {
          sum += xy[2 * p + axis];
          sumSq += (double) xy[2 * p + axis] * xy[2 * p + axis];
        }
        double std = Math.sqrt(sumSq / n - (sum / n) * (sum / n));
        // the std of a bounded variable estimated from 200k draws: standard error < 0.2%
        assertThat(std).isCloseTo(b.marginalStd(), within(0.01 * b.marginalStd()));
      }
    }
  }

  @Test
  void awkwardCellSizesStillSampleInsideKeptSquares() {
    Checkerboard odd = new Checkerboard(5, 0.3);
    int n = 200_000;
    float[] xy = new float[2 * n];
    odd.sample(new Rng(14), xy, 0, n);
    int outside = 0;
    for (int p = 0; p < n; p++) {
      if (!odd.contains(xy[2 * p], xy[2 * p + 1])) {
        outside++;
      }
    }
    assertThat(outside).isZero();
  }

  @Test
  void sampleWritesOnlyItsRangeAndIsReproducible() {
    float[] a = new float[20];
    float[] b = new float[20];
    java.util.Arrays.fill(a, 99f);
    board.sample(new Rng(5), a, 3, 4);
    board.sample(new Rng(5), b, 0, 4);
    for (int k = 0; k < 20; k++) {
      if (k < 6 || k >= 14) {
        assertThat(a[k]).isEqualTo(99f);
      } else {
        assertThat(a[k]).isEqualTo(b[k - 6]);
      }
    }
  }

  /**
   * On boards whose edges lo + k c are not exact in binary, (v - lo) / c rounds to the wrong side
   * of some edges (4 x 0.7: below edge 3, above nextDown of edge 2); the convention still holds
   * there: the edge opens cell k and the double below it is in cell k - 1. A cell is identified
   * by what squareOf gives at its centre in rows 0 and 1 (kept in one of them, numbered).
   */
  @Test
  void everyInnerEdgeOpensTheCellAboveItOnAwkwardBoards() {
    for (Checkerboard b : new Checkerboard[] {new Checkerboard(4, 0.7), new Checkerboard(5, 0.35),
        new Checkerboard(5, 0.45), new Checkerboard(5, 0.3), new Checkerboard(3, 0.1)}) {
      double c = b.cellSize();
      double lo = -b.cells() * c / 2.0;
      double[] rows = {lo + 0.5 * c, lo + 1.5 * c};
      for (int k = 1; k < b.cells(); k++) {
        double edge = lo + k * c;
        double centre = lo + (k + 0.5) * c;
        double centreBelow = lo + (k - 0.5) * c;
        for (double y : rows) {
          String where = b.cells() + " x " + c + ", edge " + k + ", row at " + y;
          assertThat(b.squareOf(edge, y)).as(where).isEqualTo(b.squareOf(centre, y));
          assertThat(b.squareOf(Math.nextDown(edge), y)).as(where)
              .isEqualTo(b.squareOf(centreBelow, y));
          assertThat(b.squareOf(y, edge)).as(where).isEqualTo(b.squareOf(y, centre));
          assertThat(b.squareOf(y, Math.nextDown(edge))).as(where)
              .isEqualTo(b.squareOf(y, centreBelow));
        }
      }
    }
  }

  @Test
  void aOneCellBoardIsOneKeptSquare() {
    Checkerboard one = new Checkerboard(1, 2.0);
    assertThat(one.cells()).isEqualTo(1);
    assertThat(one.cellSize()).isEqualTo(2.0);
    assertThat(one.keptSquares()).isEqualTo(1);
    assertThat(one.halfExtent()).isEqualTo(1.0);
    assertThat(one.squareOf(0, 0)).isZero();
    assertThat(one.squareOf(-1, -1)).isZero();
    assertThat(one.squareOf(1, 0)).isEqualTo(-1);
    assertThat(one.marginalStd()).isCloseTo(2 / Math.sqrt(12), within(1e-12)); // U[-1, 1]
    assertThat(board.cells()).isEqualTo(4);
    assertThat(board.cellSize()).isEqualTo(1.0);
  }

  @Test
  void rejectsBoardsWithoutCellsOrWithADegenerateCellSize() {
    assertThatThrownBy(() -> new Checkerboard(0, 1.0)).isInstanceOf(IllegalArgumentException.class);
    for (double size : new double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> new Checkerboard(4, size)).as("cell size %s", size)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void sampleRejectsARangeBeyondTheArrayAndAcceptsAnEmptyOne() {
    float[] xy = new float[12];
    assertThatThrownBy(() -> board.sample(new Rng(1), xy, 3, 4))
        .isInstanceOf(IndexOutOfBoundsException.class).hasMessage("points [3, 7) do not fit in 6");
    assertThatThrownBy(() -> board.sample(new Rng(1), xy, -1, 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> board.sample(new Rng(1), xy, 0, -1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    board.sample(new Rng(1), xy, 6, 0);
    assertThat(xy).containsOnly(0f);
  }

  /**
   * A uniform draw of 0 puts the point on its cell's lower edge, which the cell includes: with
   * square 0 chosen (cell (0, 0) of [-2, 2]^2), x is exactly -2. The largest draw, 1 - 2^-53,
   * rounds to the cell's upper edge -1 in float and is moved back to the float just below it.
   */
  @Test
  void theExtremeUniformDrawsStayInTheirCell() {
    float[] xy = new float[2];
    board.sample(RngTest.emitting(0, 0), xy, 0, 1);
    assertThat(xy[0]).isEqualTo(-2f);
    assertThat(board.squareOf(xy[0], xy[1])).isZero();
    board.sample(RngTest.emitting(0, -1L), xy, 0, 1);
    assertThat(xy[0]).isEqualTo(Math.nextDown(-1f));
    assertThat(board.squareOf(xy[0], xy[1])).isZero();
  }
}

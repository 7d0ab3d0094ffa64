package dev.flowmap.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmap.data.Checkerboard;
import dev.flowmap.data.Rng;
import org.junit.jupiter.api.Test;

class InSupportTest {
  private final Checkerboard board = new Checkerboard(4, 1.0);

  @Test
  void targetSamplesAreAllInside() {
    int n = 50_000;
    float[] xy = new float[2 * n];
    board.sample(new Rng(1), xy, 0, n);
    assertThat(InSupport.fraction(board, xy, n)).isEqualTo(1.0);
  }

  @Test
  void uniformSamplesOnTheWholeGridAreHalfInside() {
    int n = 200_000;
    float[] xy = new float[2 * n];
    Rng rng = new Rng(2);
    for (int k = 0; k < 2 * n; k++) {
      xy[k] = (float) (4 * rng.nextDouble() - 2);
    }
    // binomial standard error sqrt(0.25 / n) ~ 0.0011; allow 4 of them
    assertThat(InSupport.fraction(board, xy, n)).isBetween(0.5 - 0.0045, 0.5 + 0.0045);
  }

  @Test
  void countsOnlyTheFirstCountPointsOnHandPickedCases() {
    float[] xy = {-1.5f, -1.5f, -0.5f, -1.5f, 3f, 3f, 0.5f, 0.5f, 9f, 9f};
    assertThat(InSupport.fraction(board, xy, 4)).isEqualTo(0.5);
    assertThat(InSupport.fraction(board, xy, 1)).isEqualTo(1.0);
    assertThat(InSupport.fraction(board, xy, 0)).isNaN();
  }

  @Test
  void rejectsACountBeyondTheArray() {
    assertThatThrownBy(() -> InSupport.fraction(board, new float[4], 3))
        .isInstanceOf(IndexOutOfBoundsException.class).hasMessage("3 points do not fit in 2");
    assertThatThrownBy(() -> InSupport.fraction(board, new float[4], -1))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}

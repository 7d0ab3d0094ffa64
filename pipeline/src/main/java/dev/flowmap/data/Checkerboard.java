package dev.flowmap.data;

/**
 * The 2D checkerboard target (docs/method.md): {@code cells x cells} squares of side {@code cellSize},
 * kept where (i + j) is even, centred on the origin.
 *
 * <p>Cell (i, j) covers x in [lo + i c, lo + (i + 1) c) and y in [lo + j c, lo + (j + 1) c), with
 * lo = -halfExtent: each cell is closed at its lower edges and open at its upper edges, so a point
 * on a shared edge belongs to the cell above or to the right of it, and the grid's own right and
 * top edges (x or y = +halfExtent) are outside. Kept squares are numbered row by row from the
 * bottom left: j (the y index) outer, i (the x index) inner.
 */
public final class Checkerboard {
  private final int cells;
  private final double cellSize;
  private final double lo;
  private final int[] keptI;
  private final int[] keptJ;
  private final int[] squareByCell;

  /** A board of {@code cells x cells} squares of side {@code cellSize}. */
  public Checkerboard(int cells, double cellSize) {
    if (cells < 1) {
      throw new IllegalArgumentException("cells must be at least 1, got " + cells);
    }
    if (!(cellSize > 0) || Double.isInfinite(cellSize)) {
      throw new IllegalArgumentException("cellSize must be positive and finite, got " + cellSize);
    }
    this.cells = cells;
    this.cellSize = cellSize;
    this.lo = -cells * cellSize / 2.0;
    int kept = (cells * cells + 1) / 2;
    keptI = new int[kept];
    keptJ = new int[kept];
    squareByCell = new int[cells * cells];
    int k = 0;
    for (int j = 0; j < cells; j++) {
      for (int i = 0; i < cells; i++) {
        if (((i + j) & 1) == 0) {
          keptI[k] = i;
          keptJ[k] = j;
          squareByCell[j * cells + i] = k++;
        } else {
          squareByCell[j * cells + i] = -1;
        }
      }
    }
  }

  /** Number of cells per side. */
  public int cells() {
    return cells;
  }

  /** Side of one cell. */
  public double cellSize() {
    return cellSize;
  }

  /** Number of kept squares: ceil(cells^2 / 2), 8 for the default 4 x 4. */
  public int keptSquares() {
    return keptI.length;
  }

  /** Index 0..keptSquares-1 of the kept square containing (x, y), or -1 (see the edge convention). */
  public int squareOf(double x, double y) {
    int i = cellIndex(x);
    int j = cellIndex(y);
    if (i < 0 || j < 0) {
      return -1;
    }
    return squareByCell[j * cells + i];
  }

  /** Whether (x, y) lies in a kept square. */
  public boolean contains(double x, double y) {
    return squareOf(x, y) >= 0;
  }

  /** Standard deviation of one coordinate of the target (the same for x and y by symmetry). */
  public double marginalStd() {
    double mean = 0;
    double second = 0;
    for (int i : keptI) {
      double a = lo + i * cellSize;
      double b = a + cellSize;
      mean += (a + b) / 2;
      second += (a * a + a * b + b * b) / 3;
    }
    mean /= keptI.length;
    second /= keptI.length;
    return Math.sqrt(second - mean * mean);
  }

  /** Half the side of the whole grid, cells * cellSize / 2. */
  public double halfExtent() {
    return -lo;
  }

  /** Writes {@code count} target points starting at point index {@code offset}; allocates nothing. */
  public void sample(Rng rng, float[] xy, int offset, int count) {
    if (offset < 0 || count < 0 || 2L * ((long) offset + count) > xy.length) {
      throw new IndexOutOfBoundsException(
          "points [" + offset + ", " + (offset + count) + ") do not fit in " + xy.length / 2);
    }
    int kept = keptI.length;
    for (int p = offset, end = offset + count; p < end; p++) {
      int k = rng.nextInt(kept);
      int i = keptI[k];
      int j = keptJ[k];
      xy[2 * p] = inCell(lo + (i + rng.nextDouble()) * cellSize, i);
      xy[2 * p + 1] = inCell(lo + (j + rng.nextDouble()) * cellSize, j);
    }
  }

  /** Rounds v to float and nudges it back into cell {@code index} when the rounding left it. */
  private float inCell(double v, int index) {
    float f = (float) v;
    while (f < lo || rawIndex(f) < index) {
      f = Math.nextUp(f);
    }
    while (f >= -lo || rawIndex(f) > index) {
      f = Math.nextDown(f);
    }
    return f;
  }

  /** The cell index of one coordinate, or -1 outside [lo, -lo). */
  private int cellIndex(double v) {
    if (!(v >= lo && v < -lo)) {
      return -1;
    }
    return Math.min(Math.max(rawIndex(v), 0), cells - 1);
  }

  /** The k with lo + k c <= v < lo + (k + 1) c, exactly against those computed edges. */
  private int rawIndex(double v) {
    int k = (int) Math.floor((v - lo) / cellSize);
    if (v < lo + k * cellSize) {
      k--;
    } else if (v >= lo + (k + 1) * cellSize) {
      k++;
    }
    return k;
  }
}

package dev.flowmap.model;

import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The OpenBLAS that ND4J bundles, seen from Java: which CPU core's kernels its dynamic
 * architecture picked at load time (its {@code openblas_get_corename()}, which the JavaCPP
 * bindings do not map), and its {@code cblas_sgemm} called directly, without ND4J's op dispatch.
 * OpenBLAS keeps the picked core's function table in the global {@code gotoblas}, pointing at one
 * of the exported {@code gotoblas_<CORE>} tables; the name is found by comparing addresses, so
 * nothing native is called.
 */
public final class OpenBlas {
  /** The cores of OpenBLAS 0.3.19's x86-64 dynamic build, by their table's symbol, named as OpenBLAS names them. */
  private static final Map<String, String> CORES = Map.ofEntries(
      Map.entry("SKYLAKEX", "SkylakeX"), Map.entry("COOPERLAKE", "Cooperlake"),
      Map.entry("SAPPHIRERAPIDS", "SapphireRapids"), Map.entry("HASWELL", "Haswell"),
      Map.entry("ZEN", "Zen"), Map.entry("SANDYBRIDGE", "Sandybridge"),
      Map.entry("NEHALEM", "Nehalem"), Map.entry("CORE2", "Core2"),
      Map.entry("PRESCOTT", "Prescott"), Map.entry("BARCELONA", "Barcelona"),
      Map.entry("BULLDOZER", "Bulldozer"), Map.entry("PILEDRIVER", "Piledriver"),
      Map.entry("STEAMROLLER", "Steamroller"), Map.entry("EXCAVATOR", "Excavator"),
      Map.entry("ATHLON", "Athlon"), Map.entry("OPTERON", "Opteron"),
      Map.entry("BANIAS", "Banias"), Map.entry("KATMAI", "Katmai"),
      Map.entry("COPPERMINE", "Coppermine"), Map.entry("NORTHWOOD", "Northwood"),
      Map.entry("ATOM", "Atom"), Map.entry("PENRYN", "Penryn"),
      Map.entry("DUNNINGTON", "Dunnington"), Map.entry("NANO", "Nano"),
      Map.entry("BOBCAT", "Bobcat"));

  private OpenBlas() {}

  /**
   * The core whose kernels OpenBLAS picked ({@code SkylakeX}, {@code Haswell}, {@code Zen}, ...),
   * {@code OPENBLAS_CORETYPE} included; "unknown" where the library is not a dynamic x86-64
   * build or cannot be read.
   */
  public static String coreName() {
    try {
      Loader.load(openblas_nolapack.class);
      Pointer table = Loader.addressof("gotoblas");
      if (table == null || table.isNull()) {
        return "unknown";
      }
      long chosen = new LongPointer(table).get(0);
      for (Map.Entry<String, String> core : CORES.entrySet()) {
        Pointer p = Loader.addressof("gotoblas_" + core.getKey());
        if (p != null && !p.isNull() && p.address() == chosen) {
          return core.getValue();
        }
      }
      return "unknown";
    } catch (RuntimeException | LinkageError e) {
      return "unknown";
    }
  }

  /**
   * Whether {@link #gemm} can bind these float32 arrays: each a matrix (a row or column vector
   * included) whose rows are contiguous, as every view a pass uses is.
   */
  static boolean canBind(INDArray... arrays) {
    for (INDArray a : arrays) {
      if (a.dataType() != DataType.FLOAT || a.rank() != 2 || a.ordering() != 'c'
          || (a.columns() > 1 && a.stride(1) != 1) || (a.rows() > 1 && a.stride(0) < a.columns())) {
        return false;
      }
    }
    return true;
  }

  /**
   * c = alpha op(a) op(b) + beta c by OpenBLAS's {@code cblas_sgemm} (row-major), bound once: the
   * pointers and leading dimensions are fixed here, so a run is one JNI call. The function comes
   * from the JavaCPP OpenBLAS binding whose {@code blas_set_num_threads} ND4J's thread setting
   * calls, so the one-thread setting of a worker applies to it.
   */
  static Runnable gemm(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB,
                       double alpha, double beta) {
    if (!canBind(a, b, c)) {
      throw new IllegalArgumentException("direct GEMM needs float32 matrices with contiguous rows");
    }
    Loader.load(openblas_nolapack.class);
    int m = (int) c.rows();
    int n = (int) c.columns();
    int k = (int) (transA ? a.rows() : a.columns());
    if ((transA ? a.columns() : a.rows()) != m || (transB ? b.rows() : b.columns()) != n
        || (transB ? b.columns() : b.rows()) != k) {
      throw new IllegalArgumentException("GEMM shapes do not match: " + java.util.Arrays.toString(a.shape())
          + (transA ? "^T" : "") + " by " + java.util.Arrays.toString(b.shape()) + (transB ? "^T" : "")
          + " into " + java.util.Arrays.toString(c.shape()));
    }
    FloatPointer pa = pointer(a);
    FloatPointer pb = pointer(b);
    FloatPointer pc = pointer(c);
    int lda = ld(a);
    int ldb = ld(b);
    int ldc = ld(c);
    int ta = transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
    int tb = transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
    return new Sgemm(a, b, c, ta, tb, m, n, k, (float) alpha, pa, lda, pb, ldb, (float) beta, pc, ldc);
  }

  /**
   * One bound {@code cblas_sgemm}. It keeps the arrays as well as their addresses, so that their
   * memory lives as long as the op does.
   */
  private record Sgemm(INDArray a, INDArray b, INDArray c, int ta, int tb, int m, int n, int k,
                       float alpha, FloatPointer pa, int lda, FloatPointer pb, int ldb, float beta,
                       FloatPointer pc, int ldc) implements Runnable {
    @Override
    public void run() {
      openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, ta, tb, m, n, k, alpha, pa, lda,
          pb, ldb, beta, pc, ldc);
    }
  }

  /**
   * The array's first element. A view's buffer is itself a view whose address already includes
   * its offset ({@code data().offset()}, which equals the array's), so only the difference is added.
   */
  private static FloatPointer pointer(INDArray a) {
    return new FloatPointer(a.data().addressPointer()).position(a.offset() - a.data().offset());
  }

  /** Row-major leading dimension: the distance between rows (the width for a single row). */
  private static int ld(INDArray a) {
    return (int) Math.max(1, a.rows() > 1 ? a.stride(0) : a.columns());
  }
}

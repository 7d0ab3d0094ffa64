package dev.flowmap.model;

import java.util.Map;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The OpenBLAS that ND4J bundles, seen from Java: which CPU core's kernels its dynamic
 * architecture picked at load time (its {@code openblas_get_corename()}, which the JavaCPP
 * bindings do not map). OpenBLAS keeps the picked core's function table in the global {@code
 * gotoblas}, pointing at one of the exported {@code gotoblas_<CORE>} tables; the name is found by
 * comparing addresses, so nothing native is called.
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
}

package dev.flowmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code compare}: trains each method at the same budget; a table column and figure row each. */
class CompareCommandTest {
  @Test
  void writesATableWithAColumnPerMethodAndAFigure(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("cmp");
    Cli r = Cli.run("compare", "--config", SmokeRun.CONFIG, "--no-progress", "--out", out.toString(),
        "--set", "train.steps=20", "--set", "compare.methods=[lsd,fm]", "--set", "eval.samples=2000",
        "--set", "train.eval_every=0", "--set", "eval.steps=[1,2]");
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> table = Files.readAllLines(out.resolve("compare.md")).stream()
        .filter(l -> l.startsWith("|")).toList();
    assertThat(table.get(0)).contains("lsd", "fm");
    assertThat(table.get(0).indexOf("lsd")).isLessThan(table.get(0).indexOf("fm"));
    // header, separator, one row per N
    assertThat(table).hasSize(4);
    assertThat(table.get(2)).startsWith("| 1 |");
    assertThat(table.get(3)).startsWith("| 2 |");
    var png = ImageIO.read(out.resolve("compare.png").toFile());
    assertThat(png).isNotNull();
    assertThat(out.resolve("lsd").resolve("checkpoint.bin")).exists();
    assertThat(out.resolve("fm").resolve("checkpoint.bin")).exists();
    assertThat(r.out()).contains("lsd", "fm");
  }
}

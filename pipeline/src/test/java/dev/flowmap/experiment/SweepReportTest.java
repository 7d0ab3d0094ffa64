package dev.flowmap.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmap.train.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a sweep's run directories back, tolerant of both kl.json layouts; the table's order. */
class SweepReportTest {
  @TempDir
  Path tmp;

  private static Grid.Point point(String name, String lr) {
    return new Grid.Point(name, Map.of("optim.lr", lr));
  }

  private static void wall(Path dir, Instant start, Instant end) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(RunDirectory.WALL_CLOCK), "{\"segments\":[{\"start\":\"" + start
        + "\",\"end\":\"" + end + "\",\"outcome\":\"finished\"}]}");
  }

  @Test
  void readsTodaysKlJsonAndOneWithATopLevelFloorNAndBins() throws Exception {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    Path a = tmp.resolve("a");
    wall(a, t0, t0.plusSeconds(120));
    Files.writeString(a.resolve("evals.jsonl"),
        "{\"step\":10,\"samples\":2000,\"weights\":\"raw\",\"rows\":[{\"steps\":2,\"kl\":9.0,"
            + "\"floor\":1.0,\"in_support\":0.5},{\"steps\":1,\"kl\":8.0,\"floor\":1.0,\"in_support\":0.5}],"
            + "\"time\":\"" + t0.plusSeconds(30) + "\"}\n"
            + "{\"step\":20,\"samples\":5000,\"weights\":\"raw\",\"rows\":[{\"steps\":1,\"kl\":4.0,"
            + "\"floor\":1.0,\"in_support\":0.5}],\"time\":\"" + t0.plusSeconds(110) + "\"}\n");
    Files.writeString(a.resolve("kl.json"), "{\"step\":20,\"samples\":5000,\"weights\":\"raw\","
        + "\"rows\":[{\"steps\":1,\"kl\":4.0,\"floor\":1.0,\"in_support\":0.7}]}");
    Path b = tmp.resolve("b");
    wall(b, t0, t0.plusSeconds(60));
    Files.writeString(b.resolve("kl.json"), "{\"step\":20,\"n\":100000,\"bins\":60,\"floor\":0.0115,"
        + "\"rows\":[{\"steps\":1,\"kl\":0.3,\"in_support\":0.9,\"future_field\":1}]}");

    SweepReport.Result ra = SweepReport.read(point("a", "1"), a);
    assertThat(ra.status()).isEqualTo("finished");
    assertThat(ra.wallSeconds()).isEqualTo(120.0);
    assertThat(ra.samples()).isEqualTo(5000);
    // periodic point at 0.5 min (KL at the smallest N), then the final one at its logged time
    assertThat(ra.curve()).hasSize(2);
    assertThat(ra.curve().get(0)[0]).isEqualTo(0.5);
    assertThat(ra.curve().get(0)[1]).isEqualTo(8.0);
    assertThat(ra.curve().get(1)[0]).isCloseTo(110 / 60.0, org.assertj.core.data.Offset.offset(1e-12));
    SweepReport.Result rb = SweepReport.read(point("b", "2"), b);
    assertThat(rb.samples()).isEqualTo(100000);
    assertThat(rb.bins()).isEqualTo(60);
    assertThat(rb.rows().get(1).floor()).isEqualTo(0.0115);

    SweepReport.Result rc = SweepReport.read(point("c", "3"), tmp.resolve("c"));
    assertThat(rc.status()).isEqualTo("not started");

    String md = SweepReport.markdown("t", List.of("optim.lr"), List.of(rc, ra, rb), List.of());
    List<String> rows = md.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| run")).toList();
    assertThat(rows).extracting(r -> r.split(" \\| ")[0]).containsExactly("| b", "| a", "| c");
    assertThat(rows.get(0)).contains("| 0.3000 |", "| 0.0115 |", "| 100000, 60 bins |", "| 1.00 |");
    assertThat(rows.get(2)).contains("(not started)");

    SweepReport.write(tmp, "t", List.of("optim.lr"), List.of(rc, ra, rb), List.of());
    assertThat(ImageIO.read(tmp.resolve("sweep.png").toFile())).isNotNull();
    assertThat(tmp.resolve("sweep.md")).hasContent(md);
    assertThat(md).doesNotContain("Reference points");
  }

  @Test
  void referencePointsAreListedUnderTheTableAndDrawn() throws Exception {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    Path a = tmp.resolve("a");
    wall(a, t0, t0.plusSeconds(60));
    Files.writeString(a.resolve("kl.json"), "{\"step\":20,\"samples\":5000,\"weights\":\"raw\","
        + "\"rows\":[{\"steps\":1,\"kl\":0.8,\"floor\":0.01,\"in_support\":0.7}]}");
    List<ReferencePoint> refs = List.of(new ReferencePoint("seed stack, 20000 steps", 73.3, 0.4576),
        new ReferencePoint("other", 120, 0.05));
    SweepReport.write(tmp, "t", List.of("optim.lr"), List.of(SweepReport.read(point("a", "1"), a)),
        refs);
    List<String> md = Files.readAllLines(tmp.resolve("sweep.md"));
    int table = md.indexOf(md.stream().filter(l -> l.startsWith("| a |")).findFirst().orElseThrow());
    assertThat(md.subList(table + 1, md.size())).containsExactly("",
        "Reference points (not flowmap runs):", "",
        "- seed stack, 20000 steps: 0.4576 at 73.3 minutes", "- other: 0.0500 at 120 minutes");
    assertThat(ImageIO.read(tmp.resolve("sweep.png").toFile())).isNotNull();
  }
}

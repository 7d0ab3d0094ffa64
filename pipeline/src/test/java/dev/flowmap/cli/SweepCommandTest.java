package dev.flowmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowmap.train.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sweep} end to end on the smoke config with a handful of steps per run. */
class SweepCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> TINY = List.of("train.steps=6", "train.log_every=2",
      "train.eval_every=3", "train.eval_samples=1000", "train.checkpoint_every=3",
      "eval.samples=1000", "eval.steps=[1,2]");

  @TempDir
  Path tmp;

  private static Cli sweep(Path out, String... more) {
    List<String> a = new ArrayList<>(List.of("sweep", "--config", SmokeRun.CONFIG, "--no-progress",
        "--out", out.toString()));
    for (String s : TINY) {
      a.add("--set");
      a.add(s);
    }
    a.addAll(Arrays.asList(more));
    return Cli.run(a.toArray(String[]::new));
  }

  /** The table's data rows. */
  private static List<String> rows(Path out) throws Exception {
    return Files.readAllLines(out.resolve("sweep.md")).stream()
        .filter(l -> l.startsWith("| ") && !l.startsWith("| run")).toList();
  }

  private static double oneStepKl(String row) {
    return Double.parseDouble(row.split("\\|")[6].trim()); // run, lr, method, steps, wall, KL N=1
  }

  @Test
  void aTwoByTwoSweepTrainsFourRunsAndWritesASortedTableAndAFigure() throws Exception {
    Path out = tmp.resolve("sw");
    Cli r = sweep(out, "--grid", "optim.lr=1e-3,4e-3", "--grid", "loss.method=lsd,fm");
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> names = List.of("lr-1e-3_method-lsd", "lr-1e-3_method-fm", "lr-4e-3_method-lsd",
        "lr-4e-3_method-fm");
    for (String n : names) {
      assertThat(out.resolve(n).resolve("kl.json")).exists();
      assertThat(out.resolve(n).resolve("config.yaml")).content().contains("steps: 6");
      assertThat(JSON.readTree(out.resolve(n).resolve("wall.json").toFile())
          .path("wall_seconds").asDouble()).isPositive();
      assertThat(r.errLines()).filteredOn(l -> l.contains("] " + n + ": finished after")).hasSize(1);
    }
    assertThat(out.resolve("lr-4e-3_method-fm").resolve("config.yaml")).content()
        .contains("lr: 0.004", "method: fm");
    List<String> rows = rows(out);
    assertThat(rows).hasSize(4);
    List<Double> kls = rows.stream().map(SweepCommandTest::oneStepKl).toList();
    assertThat(kls).isSorted();
    assertThat(kls).doesNotHaveDuplicates(); // four different runs, so the order is meaningful
    assertThat(rows.get(0)).contains("| 6 |");
    var png = ImageIO.read(out.resolve("sweep.png").toFile());
    assertThat(png).isNotNull();
    assertThat(png.getWidth()).isEqualTo(900);
  }

  @Test
  void aBadGridKeyIsOneLineAndExitTwoBeforeAnythingTrains() {
    Path out = tmp.resolve("bad-key");
    Cli r = sweep(out, "--grid", "optim.lr=1e-3", "--grid", "optim.lrr=1,2");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errLines()).containsExactly("error: --grid optim.lrr=1: unknown key 'optim.lrr'");
    assertThat(out).doesNotExist();
  }

  @Test
  void aBadValueInTheLastCombinationStopsTheSweepBeforeTheFirstRunTrains() {
    Path out = tmp.resolve("bad-value");
    Cli r = sweep(out, "--grid", "optim.lr=1e-3,-1");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.errLines().get(0)).startsWith("error: ").contains("optim.lr", "-1");
    assertThat(out).doesNotExist();
    Cli yaml = sweep(out, "--grid", "eval.steps=[1,2],[1,x]");
    assertThat(yaml.exit()).isEqualTo(2);
    assertThat(yaml.errLines()).hasSize(1);
    assertThat(yaml.errLines().get(0)).contains("eval.steps", "x");
    assertThat(out).doesNotExist();
  }

  @Test
  void aMalformedGridIsOneLineAndExitTwo() {
    for (String[] grid : List.of(new String[] {"--grid", "optim.lr"},
        new String[] {"--grid", "optim.lr=1e-3,,2e-3"}, new String[] {"--grid", "eval.steps=[1,2"},
        new String[] {"--grid", "optim.lr=1e-3,1e-3"}, new String[] {"--grid", "optim.lr=1e-3,0.001"},
        new String[] {"--grid", "optim.lr=1e-3", "--parallel", "0"})) {
      Path out = tmp.resolve("malformed");
      Cli r = sweep(out, grid);
      assertThat(r.exit()).as(String.join(" ", grid)).isEqualTo(2);
      assertThat(r.errLines()).as(r.err()).hasSize(1);
      assertThat(r.errLines().get(0)).startsWith("error: ");
      assertThat(out).doesNotExist();
    }
    Cli none = Cli.run("sweep", "--config", SmokeRun.CONFIG);
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.errLines()).hasSize(1);
    assertThat(none.errLines().get(0)).contains("--grid");
  }

  @Test
  void aRerunSkipsFinishedRunsAndResumesAStartedOneFromItsCheckpoint() throws Exception {
    Path out = tmp.resolve("resume");
    // run 1 finished earlier; run 2 was interrupted after its step-3 checkpoint
    Cli first = sweep(out, "--grid", "optim.lr=1e-3");
    assertThat(first.exit()).as(first.err()).isZero();
    Path done = out.resolve("lr-1e-3");
    String doneKl = Files.readString(done.resolve("kl.json"));
    String doneWall = Files.readString(done.resolve("wall.json"));
    Path cut = out.resolve("lr-4e-3");
    List<String> a = new ArrayList<>(List.of("train", "--config", SmokeRun.CONFIG, "--no-serve",
        "--no-progress", "--out", cut.toString()));
    for (String s : TINY) {
      a.addAll(List.of("--set", s));
    }
    a.addAll(List.of("--set", "optim.lr=4e-3", "--set", "train.steps=3"));
    assertThat(Cli.run(a.toArray(String[]::new)).exit()).isZero();
    Files.delete(cut.resolve("kl.json"));

    Cli again = sweep(out, "--grid", "optim.lr=1e-3,4e-3");
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.err()).contains("[1/2] lr-1e-3: done earlier, skipped (kl.json exists)",
        "[2/2] lr-4e-3: resuming from step 3", "[2/2] lr-4e-3: finished after");
    assertThat(again.err()).doesNotContain("lr-1e-3: training");
    assertThat(done.resolve("kl.json")).hasContent(doneKl);
    assertThat(done.resolve("wall.json")).hasContent(doneWall);
    assertThat(JSON.readTree(cut.resolve("kl.json").toFile()).path("step").asLong()).isEqualTo(6);
    assertThat(Files.readAllLines(cut.resolve("evals.jsonl"))).hasSize(2); // step 3, then final 6
    assertThat(rows(out)).hasSize(2).allSatisfy(row -> assertThat(row).contains("| 6 |"));
  }

  @Test
  void parallelRunsTrainInChildJvmsWithTheThreadsSplit() throws Exception {
    // one run is enough to prove the child JVM path (same java and classpath, --resume, the split)
    Path out = tmp.resolve("par");
    Cli r = sweep(out, "--grid", "optim.lr=4e-3", "--parallel", "2", "--set", "train.threads=2");
    assertThat(r.exit()).as(r.err()).isZero();
    Path run = out.resolve("lr-4e-3");
    assertThat(run.resolve("kl.json")).exists();
    assertThat(run.resolve(RunDirectory.CHILD_LOG)).content().contains("run directory: " + run);
    assertThat(run.resolve("config.yaml")).content().contains("threads: 1", "lr: 0.004");
    assertThat(r.err()).contains("2 at once in child JVMs", "[1/1] lr-4e-3: finished after");
    assertThat(rows(out)).hasSize(1);
  }
}

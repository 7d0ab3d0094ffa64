package dev.flowmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowmap.experiment.ReferencePoint;
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

    Cli again = sweep(out, "--grid", "optim.lr=1e-3,4e-3", "--reference",
        "seed stack, 20000 steps=73.3:0.4576");
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.err()).contains("[1/2] lr-1e-3: done earlier, skipped (kl.json exists)",
        "[2/2] lr-4e-3: resuming from step 3", "[2/2] lr-4e-3: finished after");
    assertThat(again.err()).doesNotContain("lr-1e-3: training");
    assertThat(done.resolve("kl.json")).hasContent(doneKl);
    assertThat(done.resolve("wall.json")).hasContent(doneWall);
    assertThat(JSON.readTree(cut.resolve("kl.json").toFile()).path("step").asLong()).isEqualTo(6);
    assertThat(Files.readAllLines(cut.resolve("evals.jsonl"))).hasSize(2); // step 3, then final 6
    assertThat(rows(out)).hasSize(2).allSatisfy(row -> assertThat(row).contains("| 6 |"));
    assertThat(out.resolve("sweep.md")).content().endsWith("\n\nReference points (not flowmap runs):"
        + "\n\n- seed stack, 20000 steps: 0.4576 at 73.3 minutes\n");
    assertThat(again.out()).contains("- seed stack, 20000 steps: 0.4576 at 73.3 minutes");
  }

  @Test
  void aReferenceIsParsedIntoARecordSplitAtTheLastEquals() {
    var spec = new picocli.CommandLine(new SweepCommand()).getCommandSpec();
    assertThat(SweepCommand.parseReference(spec, "seed stack, 20000 steps=73.3:0.4576"))
        .isEqualTo(new ReferencePoint("seed stack, 20000 steps", 73.3, 0.4576));
    assertThat(SweepCommand.parseReference(spec, "a=b:c = 0:1e-2"))
        .isEqualTo(new ReferencePoint("a=b:c", 0, 0.01));
  }

  @Test
  void aMalformedReferenceIsOneLineNamingItAndExitTwoBeforeAnythingTrains() {
    String help = " (see 'flowmap sweep --help')";
    List<String[]> bad = List.of(
        new String[] {"seed 73.3:0.45", "expected LABEL=MINUTES:KL"},
        new String[] {"seed=73.3", "expected LABEL=MINUTES:KL"},
        new String[] {"seed=abc:0.45", "minutes must be a number, got 'abc'"},
        new String[] {"seed=73.3:", "KL must be a number, got ''"},
        new String[] {"seed=-1:0.45", "minutes must be a finite number >= 0, got -1.0"},
        new String[] {"seed=Infinity:0.45", "minutes must be a finite number >= 0, got Infinity"},
        new String[] {"seed=73.3:0", "KL must be a finite number > 0, got 0.0"},
        new String[] {"seed=73.3:-0.2", "KL must be a finite number > 0, got -0.2"},
        new String[] {"seed=73.3:NaN", "KL must be a finite number > 0, got NaN"},
        new String[] {" =73.3:0.45", "the label is empty"},
        new String[] {"lr-1e-3=73.3:0.45", "the label is taken by a run or another reference"});
    for (String[] b : bad) {
      Path out = tmp.resolve("bad-reference");
      Cli r = sweep(out, "--grid", "optim.lr=1e-3", "--reference", b[0]);
      assertThat(r.exit()).as(b[0]).isEqualTo(2);
      assertThat(r.errLines()).as(r.err())
          .containsExactly("error: --reference '" + b[0] + "': " + b[1] + help);
      assertThat(out).doesNotExist();
    }
    Cli twice = sweep(tmp.resolve("twice"), "--grid", "optim.lr=1e-3", "--reference", "s=1:1",
        "--reference", "s=2:1");
    assertThat(twice.exit()).isEqualTo(2);
    assertThat(twice.errLines()).containsExactly(
        "error: --reference 's=2:1': the label is taken by a run or another reference" + help);
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

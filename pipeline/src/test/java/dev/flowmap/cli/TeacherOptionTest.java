package dev.flowmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmap.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loss.teacher} through {@code train}: a path without a checkpoint is exit 2 and one line
 * naming it; a student's checkpoint keeps its teacher's digest, and a resume after the teacher
 * trained on is refused.
 */
class TeacherOptionTest {
  @TempDir
  Path tmp;

  private static Cli train(Path out, String... sets) {
    List<String> a = new ArrayList<>(List.of("train", "--config", SmokeRun.CONFIG, "--no-serve",
        "--no-progress", "--out", out.toString(), "--set", "train.threads=1", "--set",
        "train.eval_every=0", "--set", "eval.samples=1000", "--set", "eval.steps=[1]"));
    for (String s : sets) {
      a.add("--set");
      a.add(s);
    }
    return Cli.run(a.toArray(new String[0]));
  }

  @Test
  void aTeacherPathWithoutACheckpointIsExit2AndOneLine() {
    Path missing = tmp.resolve("missing-run");
    Cli r = train(tmp.resolve("run"), "loss.teacher=" + missing);
    assertThat(r.exit()).as(r.err()).isEqualTo(UserErrors.USER_ERROR);
    assertThat(r.errLines()).as(r.err()).hasSize(1);
    assertThat(r.err()).contains("loss.teacher " + missing + ": checkpoint not found");
  }

  @Test
  void aResumeAfterTheTeacherChangedIsRefused() throws Exception {
    Path teacher = tmp.resolve("teacher");
    Path student = tmp.resolve("student");
    Cli t = train(teacher, "train.steps=2", "loss.method=fm");
    assertThat(t.exit()).as(t.err()).isZero();
    Cli s = train(student, "train.steps=2", "loss.teacher=" + teacher);
    assertThat(s.exit()).as(s.err()).isZero();
    String digest = Checkpoint.read(student.resolve(Checkpoint.FILE)).teacherDigest();
    assertThat(digest).hasSize(64);
    assertThat(Files.readString(student.resolve("provenance.json")))
        .contains("\"path\" : \"" + teacher + "\"", "\"weights_sha256\" : \"" + digest + "\"");

    Cli more = Cli.run("train", "--out", teacher.toString(), "--resume", "--no-serve", "--no-progress",
        "--set", "train.steps=3");
    assertThat(more.exit()).as(more.err()).isZero();
    Cli resumed = Cli.run("train", "--out", student.toString(), "--resume", "--no-serve",
        "--no-progress", "--set", "train.steps=3");
    assertThat(resumed.exit()).as(resumed.err()).isEqualTo(UserErrors.USER_ERROR);
    assertThat(resumed.err()).contains("the teacher " + teacher + " changed since the checkpoint");
  }
}

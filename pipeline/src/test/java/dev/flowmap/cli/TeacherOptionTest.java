package dev.flowmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loss.teacher} naming no checkpoint: exit 2 and one line that names the path. */
class TeacherOptionTest {
  @TempDir
  Path tmp;

  @Test
  void aTeacherPathWithoutACheckpointIsExit2AndOneLine() {
    Path missing = tmp.resolve("missing-run");
    Cli r = Cli.run("train", "--config", SmokeRun.CONFIG, "--set", "loss.teacher=" + missing,
        "--set", "train.threads=1", "--no-serve", "--no-progress", "--out", tmp.resolve("run").toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(UserErrors.USER_ERROR);
    assertThat(r.errLines()).as(r.err()).hasSize(1);
    assertThat(r.err()).contains("loss.teacher " + missing + ": checkpoint not found");
  }
}

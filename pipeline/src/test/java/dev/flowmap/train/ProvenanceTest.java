package dev.flowmap.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The commit in provenance.json is the one the classes were built from. */
class ProvenanceTest {
  private static final String ID = "0123456789abcdef0123456789abcdef01234567";

  private static Properties build(String id, String dirty) {
    Properties p = new Properties();
    if (id != null) {
      p.setProperty("git.commit.id", id);
    }
    if (dirty != null) {
      p.setProperty("git.dirty", dirty);
    }
    return p;
  }

  @Test
  void aCleanBuildNamesItsCommitAndADirtyOneSaysSo() {
    assertThat(Provenance.gitCommit(build(ID, "false"))).isEqualTo(ID);
    assertThat(Provenance.gitCommit(build(ID, null))).isEqualTo(ID);
    assertThat(Provenance.gitCommit(build(ID, "true"))).isEqualTo(ID + "-dirty");
  }

  @Test
  void aBuildWithoutACommitIsUnknown() {
    assertThat(Provenance.gitCommit(build(null, null))).isEqualTo("unknown");
    assertThat(Provenance.gitCommit(build("", "false"))).isEqualTo("unknown");
    // the plugin's placeholder when it could not read the repository
    assertThat(Provenance.gitCommit(build("${git.commit.id}", "true"))).isEqualTo("unknown");
  }

  @Test
  void theseClassesCarryTheCommitTheyWereBuiltFrom() throws Exception {
    String head = head();
    assumeThat(head).as("a git checkout to build from").isNotNull();
    // mvn writes the properties in the same invocation that runs this test, at the same HEAD
    assertThat(Provenance.gitCommit()).matches(head + "(-dirty)?");
  }

  private static String head() throws InterruptedException {
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    }
  }
}

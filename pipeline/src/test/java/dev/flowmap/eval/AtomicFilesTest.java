package dev.flowmap.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void writesReplacesAndLeavesNoTemporaryFiles() throws Exception {
    Path file = dir.resolve("a/b/out.txt");
    AtomicFiles.writeString(file, "first é");
    assertThat(Files.readString(file)).isEqualTo("first é");
    AtomicFiles.write(file, new byte[] {1, 2, 3});
    assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void resultsAreReadableByEveryone() throws Exception {
    Path file = dir.resolve("kl.md");
    AtomicFiles.writeString(file, "x");
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r--r--");
  }
}

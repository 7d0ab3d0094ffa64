package dev.flowmap.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Damaged checkpoints whose checksum was recomputed, so that the parser meets the damage: each is
 * a {@link CheckpointException}, and a damaged length never makes the reader allocate what the
 * file does not hold. Found by BadCheckpointTest: an array length of 2^31 - 1 asked for an 8 GB
 * array and the JVM failed with OutOfMemoryError.
 */
class CheckpointTest {
  private static final String YAML = "train:\n  steps: 3\n";
  private static final Platform PLATFORM = new Platform("fused", "17.0.15", "a CPU", "SkylakeX");

  @TempDir
  Path tmp;

  /** A checkpoint of three arrays of 4, 2 and 4 floats, written and read back as bytes. */
  private byte[] good() throws IOException {
    Path f = tmp.resolve("good.bin");
    new Checkpoint(YAML, 3, Nd4j.createFromArray(1f, 2f, 3f, 4f),
        List.of(Nd4j.createFromArray(5f, 6f)), Nd4j.createFromArray(7f, 8f, 9f, 10f), PLATFORM)
        .write(f);
    byte[] all = Files.readAllBytes(f);
    assertThat(Checkpoint.read(f).params().toFloatVector()).containsExactly(1f, 2f, 3f, 4f);
    return Arrays.copyOf(all, all.length - 8); // without its checksum
  }

  private Path withCrc(byte[] body) throws IOException {
    CRC32 crc = new CRC32();
    crc.update(body);
    Path f = tmp.resolve("damaged.bin");
    Files.write(f, ByteBuffer.allocate(body.length + 8).put(body).putLong(crc.getValue()).array());
    return f;
  }

  private static int paramsLength() {
    // magic, yaml length, yaml, step, the platform's four strings (each a 2-byte length and its
    // bytes), the array's flag
    return coreAt() + 2 + PLATFORM.blasCore().length() + 1;
  }

  /** Where the platform's OpenBLAS core (its 2-byte length) starts: after its first three strings. */
  private static int coreAt() {
    return 8 + 4 + YAML.length() + 8 + 6 + PLATFORM.elementwisePath().length()
        + PLATFORM.jdk().length() + PLATFORM.cpu().length();
  }

  /** {@link #good} as version 6 wrote it: the same, without the count of adaptive gap bins (0). */
  private byte[] version6() throws IOException {
    byte[] good = good();
    byte[] v6 = Arrays.copyOf(good, good.length - 4);
    ByteBuffer.wrap(v6, 0, 8).putLong(0x464c4f574d415036L); // "FLOWMAP6"
    return v6;
  }

  /** {@link #good} as version 5 wrote it: version 6 without the OpenBLAS core. */
  private byte[] version5() throws IOException {
    byte[] body = version6();
    int end = coreAt() + 2 + PLATFORM.blasCore().length();
    byte[] v5 = ByteBuffer.allocate(body.length - (end - coreAt())).put(body, 0, coreAt())
        .put(body, end, body.length - end).array();
    ByteBuffer.wrap(v5, 0, 8).putLong(0x464c4f574d415035L); // "FLOWMAP5"
    return v5;
  }

  /** A checkpoint cut inside the platform's strings (checksum recomputed) said only "null". */
  @Test
  void aCheckpointThatEndsInsideAFieldSaysSo() throws IOException {
    byte[] body = good();
    Path f = withCrc(Arrays.copyOf(body, 8 + 4 + YAML.length() + 8 + 5));
    assertThatThrownBy(() -> Checkpoint.read(f)).isInstanceOf(CheckpointException.class)
        .hasMessageEndingWith("damaged.bin: it ends inside a field");
  }

  @Test
  void anArrayLengthBeyondTheFileIsRefusedWithoutAllocatingIt() throws IOException {
    for (long n : new long[] {Integer.MAX_VALUE, 1L << 30, 1L << 40, -1}) {
      byte[] body = good();
      ByteBuffer.wrap(body, paramsLength(), 8).putLong(n);
      Path f = withCrc(body);
      assertThatThrownBy(() -> Checkpoint.read(f)).isInstanceOf(CheckpointException.class)
          .hasMessageContaining("corrupt checkpoint").hasMessageContaining("bad array length " + n);
    }
  }

  @Test
  void anArrayLengthWithinTheFileButWrongIsRefused() throws IOException {
    byte[] body = good();
    ByteBuffer.wrap(body, paramsLength(), 8).putLong(5);
    Path f = withCrc(body);
    assertThatThrownBy(() -> Checkpoint.read(f)).isInstanceOf(CheckpointException.class)
        .hasMessageContaining("corrupt checkpoint");
  }

  @Test
  void aConfigLengthBeyondTheFileIsRefused() throws IOException {
    for (int n : new int[] {Integer.MAX_VALUE, -5, 1 << 29}) {
      byte[] body = good();
      ByteBuffer.wrap(body, 8, 4).putInt(n);
      Path f = withCrc(body);
      assertThatThrownBy(() -> Checkpoint.read(f)).isInstanceOf(CheckpointException.class)
          .hasMessageContaining("bad config length " + n);
    }
  }

  @Test
  void bytesAfterTheLastArrayAreRefused() throws IOException {
    byte[] body = good();
    Path f = withCrc(Arrays.copyOf(body, body.length + 3));
    assertThatThrownBy(() -> Checkpoint.read(f)).isInstanceOf(CheckpointException.class)
        .hasMessageContaining("3 bytes after the end of the last array");
  }

  /**
   * Version 6 records the OpenBLAS core after the CPU; a version-5 file loads with the core
   * unrecorded and everything else as written, and a resume from it notes no change of core.
   */
  @Test
  void theOpenBlasCoreRoundTripsAndAVersion5FileLoadsWithoutIt() throws IOException {
    assertThat(Checkpoint.read(withCrc(good())).platform()).isEqualTo(PLATFORM);
    Checkpoint five = Checkpoint.read(withCrc(version5()));
    assertThat(five.platform()).isEqualTo(new Platform("fused", "17.0.15", "a CPU", Platform.UNRECORDED));
    assertThat(five.params().toFloatVector()).containsExactly(1f, 2f, 3f, 4f);
    assertThat(five.optimizerState().get(0).toFloatVector()).containsExactly(5f, 6f);
    assertThat(five.ema().toFloatVector()).containsExactly(7f, 8f, 9f, 10f);
    assertThat(five.teacherDigest()).isEmpty();
    assertThat(five.rollbacks()).isZero();
    assertThat(new Platform("fused", "17.0.15", "a CPU", "Haswell").resumeNote(five.platform())).isEmpty();
  }

  /**
   * Version 4 ends with the teacher's digest after the Fourier frequencies; a version-3 file
   * (without the digest) loads with none, a version-2 file (without the frequencies either) with
   * neither.
   */
  @Test
  void theFourierFrequenciesAndTeacherDigestRoundTripAndOlderVersionsHaveNone() throws IOException {
    Path f = tmp.resolve("fourier.bin");
    double[] b = {0.5, -1.5, 2.25, 3.0};
    new Checkpoint(YAML, 3, Nd4j.createFromArray(1f, 2f), List.of(), null, null, b, "ab12", 4).write(f);
    assertThat(Checkpoint.read(f).fourier()).containsExactly(b);
    assertThat(Checkpoint.read(f).rollbacks()).isEqualTo(4);
    assertThat(Checkpoint.read(f).teacherDigest()).isEqualTo("ab12");

    byte[] body = version5(); // version 5: a frequency count of 0, an empty digest, 0 rollbacks
    assertThat(Checkpoint.read(withCrc(body)).teacherDigest()).isEmpty();
    assertThat(Checkpoint.read(withCrc(body)).rollbacks()).isZero();
    Path cut = withCrc(Arrays.copyOf(body, body.length - 2));
    assertThatThrownBy(() -> Checkpoint.read(cut)).isInstanceOf(CheckpointException.class)
        .hasMessageContaining("corrupt checkpoint");
    byte[] v4 = Arrays.copyOf(body, body.length - 4);
    ByteBuffer.wrap(v4, 0, 8).putLong(0x464c4f574d415034L); // "FLOWMAP4"
    assertThat(Checkpoint.read(withCrc(v4)).rollbacks()).isZero();
    body = v4;
    byte[] v3 = Arrays.copyOf(body, body.length - 2);
    ByteBuffer.wrap(v3, 0, 8).putLong(0x464c4f574d415033L); // "FLOWMAP3"
    Checkpoint three = Checkpoint.read(withCrc(v3));
    assertThat(three.teacherDigest()).isEmpty();
    assertThat(three.params().toFloatVector()).containsExactly(1f, 2f, 3f, 4f);
    byte[] v2 = Arrays.copyOf(body, body.length - 6);
    ByteBuffer.wrap(v2, 0, 8).putLong(0x464c4f574d415032L); // "FLOWMAP2"
    Checkpoint old = Checkpoint.read(withCrc(v2));
    assertThat(old.fourier()).isEmpty();
    assertThat(old.params().toFloatVector()).containsExactly(1f, 2f, 3f, 4f);
  }

  /**
   * Version 7 ends with the moving averages of LSD's adaptive gap bins (NaN for a bin not yet
   * seen); a version-6 file loads with none, the rest as written.
   */
  @Test
  void theAdaptiveGapBinsRoundTripAndAVersion6FileHasNone() throws IOException {
    Path f = tmp.resolve("bins.bin");
    double[] bins = {0.25, Double.NaN, 1e-3, 7.5};
    new Checkpoint(YAML, 3, Nd4j.createFromArray(1f, 2f), List.of(), null, PLATFORM, new double[0], "",
        2, bins).write(f);
    Checkpoint back = Checkpoint.read(f);
    assertThat(back.gapBins()).containsExactly(bins);
    assertThat(back.rollbacks()).isEqualTo(2);
    assertThat(Checkpoint.read(withCrc(good())).gapBins()).isEmpty();
    Checkpoint six = Checkpoint.read(withCrc(version6()));
    assertThat(six.gapBins()).isEmpty();
    assertThat(six.platform()).isEqualTo(PLATFORM);
    assertThat(six.ema().toFloatVector()).containsExactly(7f, 8f, 9f, 10f);
    byte[] huge = good();
    ByteBuffer.wrap(huge, huge.length - 4, 4).putInt(1 << 20);
    assertThatThrownBy(() -> Checkpoint.read(withCrc(huge))).isInstanceOf(CheckpointException.class)
        .hasMessageContaining("bad adaptive gap bin count 1048576");
  }
}

package dev.flowmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmap.config.ConfigLoader;
import dev.flowmap.config.RunConfig;
import dev.flowmap.model.FlowMapMlp;
import dev.flowmap.model.Ops;
import dev.flowmap.train.Checkpoint;
import dev.flowmap.train.Platform;
import dev.flowmap.train.RunSetup;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Generated bad checkpoints for {@code sample --checkpoint}, through the command line in this
 * JVM: random bytes and every kind of truncation must give exit 2 and one line; a checkpoint whose
 * bytes were changed and its checksum recomputed (so that the parser, not the checksum, meets the
 * damage) must give exit 2 and one line, or load and sample.
 */
class BadCheckpointTest {
  static final int TRIES = 2000;
  private static Path tmp;
  private static byte[] good;
  /**
   * Offsets of the length and count fields in {@link #good}, of the EMA flag, of the Fourier count
   * and of the teacher digest's length.
   */
  private static int[] fields;

  @BeforeContainer
  static void setUp() throws IOException {
    tmp = Files.createTempDirectory("flowmap-bad-checkpoint");
    RunConfig config = ConfigLoader.load(Path.of("../configs/smoke.yaml"), List.of());
    FlowMapMlp net = RunSetup.newNetwork(config, DataType.FLOAT, Ops.standard());
    String yaml = ConfigLoader.toYaml(config);
    Path file = tmp.resolve("good.bin");
    Platform platform = new Platform("fused", "17.0.15", "a CPU", "SkylakeX");
    new Checkpoint(yaml, 7, net.params(), List.of(net.params().mul(0.5), net.params().mul(0.25)),
        net.params().dup(), platform).write(file);
    good = Files.readAllBytes(file);
    int n = (int) net.params().length();
    int yamlEnd = 8 + 4 + yaml.getBytes(StandardCharsets.UTF_8).length;
    // after the step: the platform's four strings, each a 2-byte length and its bytes
    int params = yamlEnd + 8 + 8 + platform.elementwisePath().length() + platform.jdk().length()
        + platform.cpu().length() + platform.blasCore().length();
    int state = params + 9 + 4 * n;
    int ema = state + 4 + 2 * (9 + 4 * n);
    int fourier = ema + 1 + 9 + 4 * n; // the Fourier frequency count (0 here)
    // the teacher digest's 2-byte length (0 here), the rollbacks, the adaptive gap bin count (0), the checksum
    int teacher = fourier + 4;
    fields = new int[] {8, params, params + 1, state, state + 4 + 1, ema, ema + 1 + 1, fourier, teacher};
    assertThat(good.length).isEqualTo(teacher + 2 + 4 + 4 + 8);
    Cli r = sample(file);
    assertThat(r.exit()).as("the undamaged checkpoint: %s", r.err()).isZero();
  }

  @AfterContainer
  static void tearDown() throws IOException {
    try (Stream<Path> files = Files.walk(tmp)) {
      files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    }
  }

  private static Cli sample(Path file) {
    return Cli.run("sample", "--checkpoint", file.toString(), "--count", "2", "--format", "csv");
  }

  /** Bytes to write as the checkpoint, and whether they must be refused (else they may load). */
  record Damaged(String kind, String detail, byte[] bytes, boolean mustFail) {
    Damaged(String kind, byte[] bytes, boolean mustFail) {
      this(kind, "", bytes, mustFail);
    }

    @Override
    public String toString() {
      return kind + detail + " (" + bytes.length + " bytes)";
    }
  }

  @Property(tries = TRIES)
  void aDamagedCheckpointGivesExit2AndOneLineOrLoads(@ForAll("damaged") Damaged d) throws IOException {
    Path file = tmp.resolve("checkpoint.bin");
    Files.write(file, d.bytes());
    Cli r = sample(file);
    Statistics.label("kind").collect(d.kind());
    Statistics.label("exit").collect(r.exit());
    assertThat(r.err()).as("%s: %s", d, r.err()).doesNotContain("Exception", "\tat ");
    if (d.mustFail() || r.exit() != 0) {
      assertThat(r.exit()).as("%s: %s", d, r.err()).isEqualTo(UserErrors.USER_ERROR);
      assertThat(r.errLines()).as("%s", d).hasSize(1);
      assertThat(r.err()).as("%s", d).contains("checkpoint");
    } else {
      assertThat(r.out().lines().filter(l -> !l.isBlank())).as("%s", d).hasSize(3); // header + 2
    }
  }

  @Provide
  Arbitrary<Damaged> damaged() {
    Arbitrary<Damaged> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(4096)
        .map(b -> new Damaged("random bytes", b, true));
    Arbitrary<Damaged> truncated = Arbitraries.integers().between(0, good.length - 1)
        .map(n -> new Damaged("truncated", Arrays.copyOf(good, n), true));
    // random bytes behind the right magic, with a valid checksum: the parser meets them
    Arbitrary<Damaged> magicThenRandom = Arbitraries.bytes().array(byte[].class).ofMaxSize(2048)
        .map(b -> {
          byte[] all = Arrays.copyOf(good, 8 + b.length);
          System.arraycopy(b, 0, all, 8, b.length);
          return new Damaged("magic + random, checksummed", withCrc(all), true);
        });
    // a truncated body with a valid checksum
    Arbitrary<Damaged> cutBody = Arbitraries.integers().between(0, good.length - 9)
        .map(n -> new Damaged("truncated body, checksummed", withCrc(Arrays.copyOf(good, n)), true));
    // bytes changed anywhere, checksum recomputed: may still load (a changed weight is a weight)
    Arbitrary<Damaged> flipped = Combinators.combine(
            Arbitraries.integers().between(0, good.length - 9).list().ofMinSize(1).ofMaxSize(4),
            Arbitraries.bytes())
        .as((at, b) -> {
          byte[] body = Arrays.copyOf(good, good.length - 8);
          at.forEach(i -> body[i] ^= (byte) (b == 0 ? 1 : b));
          return new Damaged("bytes changed, checksummed", withCrc(body), false);
        });
    // a length, count or flag field set to an edge value, checksum recomputed
    Arbitrary<Damaged> field = Combinators.combine(Arbitraries.of(0, 1, 2, 3, 4, 5, 6, 7, 8),
            Arbitraries.of(-1L, 0L, 1L, 3L, 1000L, (long) Integer.MAX_VALUE, (long) Integer.MIN_VALUE,
                (long) Integer.MAX_VALUE + 1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 30, 536_870_912L))
        .as((k, v) -> {
          byte[] body = Arrays.copyOf(good, good.length - 8);
          int at = fields[k];
          boolean isLong = k == 2 || k == 4 || k == 6;
          boolean isFlag = k == 1 || k == 5;
          if (isFlag) {
            body[at] = (byte) v.longValue();
          } else if (k == 8) {
            ByteBuffer.wrap(body, at, 2).putShort((short) v.longValue());
          } else if (isLong) {
            ByteBuffer.wrap(body, at, 8).putLong(v);
          } else {
            ByteBuffer.wrap(body, at, 4).putInt((int) v.longValue());
          }
          return new Damaged("length, count or flag field set, checksummed", ": field " + k + " = " + v,
              withCrc(body), false);
        });
    return Arbitraries.frequencyOf(Tuple.of(2, random), Tuple.of(2, truncated), Tuple.of(1, magicThenRandom),
        Tuple.of(1, cutBody), Tuple.of(2, flipped), Tuple.of(2, field));
  }

  private static byte[] withCrc(byte[] body) {
    CRC32 crc = new CRC32();
    crc.update(body);
    return ByteBuffer.allocate(body.length + 8).put(body).putLong(crc.getValue()).array();
  }
}

package dev.flowmap.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmap.eval.ConsumeStats;
import dev.flowmap.eval.ConsumeTarget;
import dev.flowmap.config.Vocabulary;
import dev.flowmap.wire.SampleBatches;
import dev.flowmap.wire.SampleFormat;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * Records of a sample topic as {@code consume --kafka} decodes them: whole sample batches give
 * their points, anything else is refused with a one-line reason, never an exception.
 */
class SampleRecordTest {
  static final int TRIES = 5000;
  private static final List<String> FORMATS = List.of("binary", "ndjson", "csv", "sse");

  /** A record as generated: its headers, its value, and the points when it is a whole batch. */
  record Generated(RecordHeaders headers, byte[] value, float[] points) {
    @Override
    public String toString() {
      return "headers " + Arrays.toString(headers.toArray()) + ", value "
          + (value == null ? "null" : new String(value, StandardCharsets.ISO_8859_1));
    }
  }

  @Property(tries = TRIES)
  void anyRecordIsDecodedWholeOrRefusedWithOneLine(@ForAll("records") Generated g) {
    SampleRecord.Decoded d = SampleRecord.decode(g.headers(), g.value());
    ConsumeStats stats = new ConsumeStats(TARGET, 0);
    if (d.refused() != null) {
      assertThat(d.xy()).isEmpty();
      assertThat(d.refused()).isNotBlank().doesNotContain("\n", "\r");
      stats.skip();
    } else {
      assertThat(d.xy().length % 2).isZero();
      for (int i = 0; i < d.points(); i++) {
        stats.add(d.xy()[2 * i], d.xy()[2 * i + 1]);
      }
    }
    assertThat(stats.summary(1_000_000_000L)).startsWith("done: " + d.points() + " samples");
    if (g.points() != null) {
      assertThat(d.refused()).as("a whole batch is not refused").isNull();
      float[] got = new float[d.xy().length];
      for (int i = 0; i < got.length; i++) {
        got[i] = (float) d.xy()[i];
      }
      assertThat(got).containsExactly(g.points());
    }
  }

  private static final ConsumeTarget TARGET = new ConsumeTarget(4, 1.0, 1000, 1);

  @Provide
  Arbitrary<Generated> records() {
    Arbitrary<float[]> points = Arbitraries.floats().between(-3f, 3f).array(float[].class).ofMaxSize(40)
        .filter(a -> a.length % 2 == 0);
    Arbitrary<String> batchFormat = Arbitraries.of("binary", "ndjson");
    // a whole batch in a publishable format, with or without the header (binary is the default)
    Arbitrary<Generated> whole = Combinators.combine(batchFormat, points, Arbitraries.of(true, false))
        .as((f, xy, withHeader) -> {
          RecordHeaders h = new RecordHeaders();
          if (withHeader || f.equals("ndjson")) {
            h.add("format", f.getBytes(StandardCharsets.UTF_8));
          }
          return new Generated(h, SampleBatches.encode(Vocabulary.find(SampleFormat.class, f), xy, xy.length / 2), xy);
        });
    // the same batch cut short or with bytes changed
    Arbitrary<Generated> damaged = Combinators.combine(whole, Arbitraries.integers().between(0, 1000),
            Arbitraries.bytes(), Arbitraries.of(true, false))
        .as((g, at, b, cut) -> {
          byte[] v = g.value();
          if (v.length == 0) {
            return new Generated(g.headers(), v, null);
          }
          int i = at % v.length;
          byte[] changed = cut ? Arrays.copyOf(v, i) : v.clone();
          if (!cut) {
            changed[i] = b;
          }
          return new Generated(g.headers(), changed, null);
        });
    Arbitrary<byte[]> randomBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    Arbitrary<byte[]> randomText = Arbitraries.strings().withChars("{}[]\":,.-+eE0123456789xy \n\rnaNI")
        .ofMaxLength(120).map(t -> t.getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> value = Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(null)), Tuple.of(4, randomBytes), Tuple.of(4, randomText));
    Arbitrary<byte[]> headerValue = Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(null)),
        Tuple.of(4, Arbitraries.of(FORMATS).map(f -> f.getBytes(StandardCharsets.UTF_8))),
        Tuple.of(2, randomBytes),
        Tuple.of(2, Arbitraries.strings().ofMaxLength(20).map(t -> t.getBytes(StandardCharsets.UTF_8))));
    Arbitrary<String> headerKey = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.just("format")),
        Tuple.of(1, Arbitraries.of("steps", "seed", "weights", "run")),
        Tuple.of(1, Arbitraries.strings().ofMaxLength(10)));
    Arbitrary<RecordHeaders> headers = Combinators.combine(headerKey, headerValue).as(Tuple::of)
        .list().ofMaxSize(4).map(list -> {
          RecordHeaders h = new RecordHeaders();
          list.forEach(t -> h.add(t.get1(), t.get2()));
          return h;
        });
    Arbitrary<Generated> random = Combinators.combine(headers, value)
        .as((h, v) -> new Generated(h, v, null));
    // a whole batch's value under random headers
    Arbitrary<Generated> wrongHeaders = Combinators.combine(headers, whole)
        .as((h, g) -> new Generated(h, g.value(), null));
    return Arbitraries.frequencyOf(Tuple.of(2, whole), Tuple.of(3, damaged), Tuple.of(4, random),
        Tuple.of(2, wrongHeaders));
  }

  @Test
  void aRecordWithoutValueOrWithAnEmptyFormatHeaderIsRefused() {
    RecordHeaders h = new RecordHeaders();
    assertThat(SampleRecord.decode(h, null).refused()).isEqualTo("no value");
    h.add("format", null);
    assertThat(SampleRecord.decode(h, new byte[8]).refused()).isEqualTo("format header without a value");
  }

  @Test
  void aRecordInAnUnknownFormatOrCutInsideASampleIsRefused() {
    RecordHeaders h = new RecordHeaders();
    h.add("format", "xml\nfoo".getBytes(StandardCharsets.UTF_8));
    assertThat(SampleRecord.decode(h, new byte[8]).refused()).isEqualTo("unknown format 'xml?foo'");
    assertThat(SampleRecord.decode(new RecordHeaders(), new byte[12]).refused())
        .isEqualTo("binary value ends inside a sample (4 bytes left)");
    RecordHeaders nd = new RecordHeaders();
    nd.add("format", "ndjson".getBytes(StandardCharsets.UTF_8));
    assertThat(SampleRecord.decode(nd, "{\"x\":1,\"y\":2}\n{\"x\":3".getBytes(StandardCharsets.UTF_8))
        .refused()).startsWith("ndjson value ends inside a sample");
    assertThat(SampleRecord.decode(nd, "{\"x\":1,\"y\":2}\n[1]\n".getBytes(StandardCharsets.UTF_8))
        .refused()).startsWith("cannot decode ndjson line: [1]");
    assertThat(SampleRecord.decode(nd, "{\"x\":1,\"y\":2}\n".getBytes(StandardCharsets.UTF_8)).xy())
        .containsExactly(1, 2);
  }

  @Test
  void theSummaryCountsSkippedRecords() {
    ConsumeStats stats = new ConsumeStats(TARGET, 0);
    stats.add(0.5, 0.5);
    assertThat(stats.summary(1_000_000_000L)).doesNotContain("skipped");
    stats.skip();
    stats.skip();
    assertThat(stats.skipped()).isEqualTo(2);
    assertThat(stats.summary(1_000_000_000L)).endsWith("; skipped 2 records that were not sample batches");
  }
}

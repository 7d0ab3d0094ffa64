package dev.flowmap.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmap.config.Vocabulary;
import org.junit.jupiter.api.Test;

/** The formats' names (queries, options, headers, metric tags) and which a single batch can carry. */
class SampleFormatTest {
  @Test
  void namesAreTheWireTagsAndParseBack() {
    assertThat(Vocabulary.names(SampleFormat.class)).containsExactly("ndjson", "csv", "sse", "binary");
    for (SampleFormat f : SampleFormat.values()) {
      assertThat(Vocabulary.find(SampleFormat.class, f.toString())).isSameAs(f);
    }
    assertThat(Vocabulary.find(SampleFormat.class, "xml")).isNull();
    assertThat(Vocabulary.find(SampleFormat.class, "BINARY")).isNull();
  }

  @Test
  void onlyBinaryAndNdjsonFitOneBatch() {
    assertThat(SampleFormat.BINARY.batch()).isTrue();
    assertThat(SampleFormat.NDJSON.batch()).isTrue();
    assertThat(SampleFormat.CSV.batch()).isFalse();
    assertThat(SampleFormat.SSE.batch()).isFalse();
  }
}

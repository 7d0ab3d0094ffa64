package dev.flowmap.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LiveScrapeTest {
  @Test
  void dump() throws Exception {
    try (MetricsFixture app = new MetricsFixture()) {
      String url = app.start();
      Thread.sleep(2500);
      Scrape s = Scrape.get(url);
      Files.writeString(Path.of("target/scrape.txt"), s.contentType() + "\n" + s.body());
      assertThat(s.samples()).isNotEmpty();
    }
  }
}

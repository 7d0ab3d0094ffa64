package dev.flowmap.train;

import dev.flowmap.config.ConfigLoader;
import dev.flowmap.config.RunConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("probe")
class SmokeProbe {
  @Test
  void probe() throws Exception {
    for (String m : System.getProperty("methods", "lsd").split(",")) {
      RunConfig c0 = ConfigLoader.load(Path.of("../configs/smoke.yaml"),
          new java.util.ArrayList<>(List.of("loss.method=" + m, "train.steps=" + System.getProperty("steps", "300"))));
      RunConfig c = c0;
      for (String x : System.getProperty("sets", "").split(";")) {
        if (!x.isBlank()) {
          c = ConfigLoader.fromYamlString(ConfigLoader.toYaml(c), List.of(x));
        }
      }
      Path out = Files.createTempDirectory("probe");
      long t0 = System.nanoTime();
      var r = new TrainingRun(c, new RunDirectory(out), null, TrainingRun.Options.quiet()).run();
      System.out.println("PROBE " + m + " " + (System.nanoTime() - t0) / 1e9 + " s " + r.finalEval().rows() + " dir " + out);
    }
  }
}

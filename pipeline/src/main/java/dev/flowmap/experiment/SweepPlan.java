package dev.flowmap.experiment;

import dev.flowmap.config.ConfigException;
import dev.flowmap.config.ConfigLoader;
import dev.flowmap.config.RunConfig;
import dev.flowmap.train.Checkpoint;
import dev.flowmap.train.RunDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The jobs of a sweep: one per grid point, each done, to resume or to start fresh. */
public final class SweepPlan {
  private SweepPlan() {}

  /**
   * Resolves and validates every combination's config before anything trains: a bad key or value
   * is a one-line {@link ConfigException}; so are two combinations with the same config and a
   * started run whose checkpoint no longer takes the overrides. With {@code parallel} > 1 each
   * run gets its share of the thread budget as a {@code train.threads} override.
   */
  public static List<SweepRunner.Job> jobs(Path configFile, List<String> baseSets, Grid grid,
                                          Path dir, int parallel) {
    List<SweepRunner.Job> jobs = new ArrayList<>();
    Map<RunConfig, String> seen = new HashMap<>();
    for (Grid.Point p : grid.points()) {
      RunConfig config = ConfigLoader.load(configFile, baseSets, p.sets());
      String twin = seen.putIfAbsent(config, p.name());
      if (twin != null) {
        throw new ConfigException("--grid: runs " + twin + " and " + p.name()
            + " resolve to the same config");
      }
      List<String> sets = new ArrayList<>(baseSets);
      sets.addAll(p.sets());
      if (parallel > 1) {
        int budget = config.train().threads() > 0 ? config.train().threads()
            : Runtime.getRuntime().availableProcessors();
        sets.add("train.threads=" + Math.max(1, budget / parallel));
        config = ConfigLoader.load(configFile, sets);
      }
      Path runDir = dir.resolve(p.name());
      RunDirectory rd = new RunDirectory(runDir);
      SweepRunner.State state;
      Checkpoint ck = null;
      if (rd.finished() || "diverged".equals(RunClock.outcome(RunClock.read(runDir)))) {
        state = SweepRunner.State.DONE;
      } else if (rd.hasCheckpoint()) {
        state = SweepRunner.State.RESUME;
        ck = Checkpoint.read(rd.checkpoint());
        config = ConfigLoader.fromYamlString(ck.configYaml(), sets);
      } else {
        state = SweepRunner.State.FRESH;
      }
      jobs.add(new SweepRunner.Job(jobs.size() + 1, p, runDir, config, sets, state,
          ck == null ? 0 : ck.step()));
    }
    return jobs;
  }
}

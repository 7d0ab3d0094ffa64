package dev.flowmap.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmap.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wall.json}: segments add up; a segment cut off by a kill ends at the last checkpoint. */
class RunClockTest {
  @TempDir
  Path dir;

  @Test
  void closedSegmentsAddUpAndTheLastOutcomeIsKept() {
    assertThat(RunClock.read(dir)).isEmpty();
    RunClock.begin(dir);
    RunClock.end(dir, "stopped");
    RunClock.begin(dir);
    RunClock.end(dir, "finished");
    List<RunClock.Segment> s = RunClock.read(dir);
    assertThat(s).hasSize(2).allSatisfy(seg -> assertThat(seg.end()).isNotNull());
    assertThat(RunClock.outcome(s)).isEqualTo("finished");
    assertThat(RunClock.seconds(s, null)).isEqualTo(s.get(0).seconds(null) + s.get(1).seconds(null));
    assertThat(RunClock.seconds(s, s.get(0).start())).isZero();
  }

  @Test
  void aKilledSegmentEndsAtTheCheckpointsLastWrite() throws Exception {
    RunClock.begin(dir);
    Instant start = RunClock.read(dir).get(0).start();
    Path ck = Files.writeString(dir.resolve(Checkpoint.FILE), "x");
    Files.setLastModifiedTime(ck, FileTime.from(start.plusSeconds(90)));
    RunClock.begin(dir); // the sweep was killed; a rerun starts the next segment
    List<RunClock.Segment> s = RunClock.read(dir);
    assertThat(s).hasSize(2);
    assertThat(s.get(0).outcome()).isEqualTo("killed");
    assertThat(s.get(0).seconds(null)).isEqualTo(90.0);
    assertThat(s.get(1).end()).isNull();
    assertThat(s.get(1).seconds(null)).isZero();
  }
}

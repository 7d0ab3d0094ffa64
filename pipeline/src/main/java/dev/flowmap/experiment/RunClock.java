package dev.flowmap.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowmap.eval.AtomicFiles;
import dev.flowmap.train.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The wall-clock segments {@code sweep} spent on one run, kept in the run directory as
 * {@code wall.json}, so that a resumed sweep still reports a run's whole wall time and can place
 * each periodic evaluation on a minutes axis. A segment cut off without an end (the sweep was
 * killed) ends at the checkpoint's last write, where its resumed successor picks up.
 */
public final class RunClock {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One stretch of training; {@code end} null while it runs. */
  public record Segment(Instant start, Instant end, String outcome) {
    double seconds(Instant until) {
      Instant stop = end == null ? start : end;
      if (until != null && until.isBefore(stop)) {
        stop = until;
      }
      return stop.isAfter(start) ? Duration.between(start, stop).toNanos() / 1e9 : 0;
    }
  }

  private RunClock() {}

  /** The segments recorded in {@code runDir}; none when there is no {@code wall.json}. */
  public static List<Segment> read(Path runDir) {
    Path file = new RunDirectory(runDir).wallClock();
    List<Segment> segments = new ArrayList<>();
    if (!Files.exists(file)) {
      return segments;
    }
    try {
      for (JsonNode s : JSON.readTree(file.toFile()).path("segments")) {
        segments.add(new Segment(Instant.parse(s.path("start").asText()),
            s.hasNonNull("end") ? Instant.parse(s.get("end").asText()) : null,
            s.path("outcome").asText(null)));
      }
    } catch (IOException | RuntimeException e) {
      throw new UncheckedIOException(new IOException(file + ": unreadable: " + e.getMessage()));
    }
    return segments;
  }

  /** Starts a segment now, first closing a dangling one at the checkpoint's last write. */
  static void begin(Path runDir) {
    List<Segment> segments = read(runDir);
    if (!segments.isEmpty() && segments.get(segments.size() - 1).end() == null) {
      Segment open = segments.remove(segments.size() - 1);
      Instant end = open.start();
      try {
        Path ck = new RunDirectory(runDir).checkpoint();
        if (Files.exists(ck)) {
          Instant written = Files.getLastModifiedTime(ck).toInstant();
          end = written.isAfter(end) ? written : end;
        }
      } catch (IOException e) {
        // keep the open segment at zero length
      }
      segments.add(new Segment(open.start(), end, "killed"));
    }
    segments.add(new Segment(Instant.now(), null, null));
    write(runDir, segments);
  }

  /** Ends the open segment now with {@code outcome} (finished, stopped, diverged, failed). */
  static void end(Path runDir, String outcome) {
    List<Segment> segments = read(runDir);
    if (segments.isEmpty()) {
      return;
    }
    Segment open = segments.remove(segments.size() - 1);
    segments.add(new Segment(open.start(), Instant.now(), outcome));
    write(runDir, segments);
  }

  /** The training seconds spent before {@code until} (all of them when null). */
  static double seconds(List<Segment> segments, Instant until) {
    double total = 0;
    for (Segment s : segments) {
      total += s.seconds(until);
    }
    return total;
  }

  /** The last segment's outcome, or null. */
  public static String outcome(List<Segment> segments) {
    return segments.isEmpty() ? null : segments.get(segments.size() - 1).outcome();
  }

  private static void write(Path runDir, List<Segment> segments) {
    ObjectNode root = JSON.createObjectNode();
    root.put("wall_seconds", seconds(segments, null));
    ArrayNode list = root.putArray("segments");
    for (Segment s : segments) {
      ObjectNode n = list.addObject();
      n.put("start", s.start().toString());
      n.put("end", s.end() == null ? null : s.end().toString());
      n.put("outcome", s.outcome());
    }
    try {
      Files.createDirectories(runDir);
      AtomicFiles.write(new RunDirectory(runDir).wallClock(), JSON.writeValueAsBytes(root));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

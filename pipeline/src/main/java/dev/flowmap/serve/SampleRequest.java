package dev.flowmap.serve;

import dev.flowmap.config.Vocabulary;
import dev.flowmap.sample.EmaOrRaw;
import dev.flowmap.sample.FlowMapSampler;
import dev.flowmap.sample.Integrator;
import dev.flowmap.wire.SampleFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * A validated {@code /samples} query.
 *
 * @param count     samples to send, or {@link #ENDLESS}
 * @param seed      the stream's seed (random when the query has none)
 * @param integrate how the steps move the samples ({@code integrate=map|euler|heun}); null when
 *                  the query has none: the generator's own (the run's eval.sampler)
 */
record SampleRequest(int steps, long count, long seed, EmaOrRaw weights, SampleFormat format,
                     Integrator integrate) {
  static final long ENDLESS = -1;
  static final long MAX_COUNT = 1_000_000_000L;
  private static final Set<String> KNOWN = Set.of("steps", "count", "seed", "weights", "format", "integrate");

  /** A request that leaves the integrator to the generator. */
  SampleRequest(int steps, long count, long seed, EmaOrRaw weights, SampleFormat format) {
    this(steps, count, seed, weights, format, null);
  }

  boolean endless() {
    return count == ENDLESS;
  }

  /**
   * Parses decoded query parameters; unknown or repeated parameters are errors too.
   *
   * @throws BadParameterException naming the first bad parameter and its value
   */
  static SampleRequest parse(Map<String, List<String>> query, LongSupplier randomSeed) {
    for (Map.Entry<String, List<String>> e : query.entrySet()) {
      if (!KNOWN.contains(e.getKey())) {
        throw new BadParameterException(e.getKey(), String.join(",", e.getValue()),
            "unknown parameter; known: steps, count, seed, weights, format, integrate");
      }
      if (e.getValue().size() > 1) {
        throw new BadParameterException(e.getKey(), String.join(",", e.getValue()),
            "parameter given more than once");
      }
    }
    String steps = one(query, "steps");
    String count = one(query, "count");
    String seed = one(query, "seed");
    String weights = one(query, "weights");
    String format = one(query, "format");
    String integrate = one(query, "integrate");
    int n = steps == null ? 1 : (int) integer("steps", steps, 1, FlowMapSampler.MAX_STEPS);
    long k = count == null ? ENDLESS : integer("count", count, 0, MAX_COUNT);
    long s = seed == null ? randomSeed.getAsLong() : integer("seed", seed, Long.MIN_VALUE, Long.MAX_VALUE);
    EmaOrRaw w = weights == null ? EmaOrRaw.EMA : Vocabulary.find(EmaOrRaw.class, weights);
    if (w == null) {
      throw new BadParameterException("weights", weights, "weights must be ema or raw");
    }
    SampleFormat f = format == null ? SampleFormat.NDJSON : Vocabulary.find(SampleFormat.class, format);
    if (f == null) {
      throw new BadParameterException("format", format, "format must be ndjson, csv, sse or binary");
    }
    Integrator how = null;
    if (integrate != null) {
      how = Vocabulary.find(Integrator.class, integrate);
      if (how == null) {
        throw new BadParameterException("integrate", integrate, "integrate must be map, euler or heun");
      }
    }
    return new SampleRequest(n, k, s, w, f, how);
  }

  private static String one(Map<String, List<String>> query, String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  private static long integer(String name, String raw, long min, long max) {
    long v;
    try {
      v = Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw new BadParameterException(name, raw, name + " must be an integer");
    }
    if (v < min || v > max) {
      throw new BadParameterException(name, raw, name + " must be in " + min + ".." + max);
    }
    return v;
  }
}

package dev.flowmap.telemetry;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.Locale;
import java.util.Map;

/**
 * Makes third-party meters pass {@code promtool check metrics} and query well: Reactor's meters
 * of a stage named {@code flowmap.stage.<stage>} become {@code flowmap.stage.<meter>} with a tag
 * {@code stage=<stage>}, in snake case ({@code onNext} becomes {@code on.next}) and described;
 * {@code system.cpu.count} loses its misleading {@code _count} suffix, and the nanosecond process
 * CPU counter is dropped for the seconds one {@link Telemetry} binds.
 */
final class PrometheusHygiene implements MeterFilter {
  static final String STAGE_PREFIX = "flowmap.stage.";
  private static final Map<String, String> STAGE_HELP = Map.of(
      "on.next.delay", "Time between onNext signals of the stage (its count is the items passed)",
      "requested", "Demand the stage's subscriber requested, per request",
      "subscribed", "Subscriptions to the stage",
      "flow.duration", "Duration of the stage's flow from subscription to termination",
      "malformed.source", "Signals the stage received after it terminated");

  @Override
  public MeterFilterReply accept(Meter.Id id) {
    return "process.cpu.time".equals(id.getName()) && "ns".equals(id.getBaseUnit())
        ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
  }

  @Override
  public Meter.Id map(Meter.Id id) {
    String name = id.getName();
    if ("system.cpu.count".equals(name)) {
      return id.withName("system.cpus");
    }
    if (!name.startsWith(STAGE_PREFIX)) {
      return id;
    }
    String snake = name.replaceAll("([a-z0-9])([A-Z])", "$1.$2").toLowerCase(Locale.ROOT);
    String rest = snake.substring(STAGE_PREFIX.length());
    int dot = rest.indexOf('.');
    String help = dot < 0 ? null : STAGE_HELP.get(rest.substring(dot + 1));
    if (help == null) {
      return id.withName(snake);
    }
    String description = id.getDescription() == null || id.getDescription().isBlank()
        ? help : id.getDescription();
    Tags tags = Tags.of(id.getTagsAsIterable()).and("stage", rest.substring(0, dot));
    return new Meter.Id(STAGE_PREFIX + rest.substring(dot + 1), tags, id.getBaseUnit(),
        description, id.getType());
  }
}

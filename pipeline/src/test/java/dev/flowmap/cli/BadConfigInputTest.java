package dev.flowmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.flowmap.config.ConfigLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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

/**
 * Generated bad input for {@code train}: random and mutated YAML configs, and random
 * {@code --set} overrides, through the whole command line in this JVM. Every case must end with
 * exit 2 and one line on stderr, never a stack trace.
 *
 * <p>So that a mutation that leaves the config valid does not start a training run, every case
 * names as {@code --out} a directory that already holds a run: a config that loads is then refused
 * with "already holds a run" (also exit 2, one line), after it has been parsed and validated. The
 * statistics jqwik prints count how many cases were config errors.
 */
class BadConfigInputTest {
  static final int TRIES = 2000;
  private static final ObjectMapper YAML = new YAMLMapper();
  private static Path tmp;
  private static Path existingRun;
  private static List<String> configs;
  private static List<String> keys;

  @BeforeContainer
  static void setUp() throws IOException {
    tmp = Files.createTempDirectory("flowmap-bad-config");
    existingRun = tmp.resolve("run");
    Files.createDirectories(existingRun);
    Files.writeString(existingRun.resolve("checkpoint.bin"), "not read: only its presence counts");
    configs = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("../configs"))) {
      for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        configs.add(Files.readString(f));
      }
    }
    keys = new ArrayList<>();
    dottedKeys(YAML.readTree(ConfigLoader.toYaml(ConfigLoader.defaults())), "", keys);
  }

  @AfterContainer
  static void tearDown() throws IOException {
    try (Stream<Path> files = Files.walk(tmp)) {
      files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    }
  }

  private static void dottedKeys(JsonNode node, String prefix, List<String> out) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String key = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
      out.add(key);
      if (f.getValue().isObject()) {
        dottedKeys(f.getValue(), key, out);
      }
    }
  }

  @Property(tries = TRIES)
  void aMutatedOrRandomConfigGivesExit2AndOneLine(@ForAll("configTexts") String text) throws IOException {
    Path file = tmp.resolve("config.yaml");
    Files.write(file, text.getBytes(StandardCharsets.UTF_8));
    Cli r = train("--config", file.toString());
    assertOneLineExit2(r, text);
  }

  @Property(tries = TRIES)
  void aRandomSetGivesExit2AndOneLine(@ForAll("sets") List<String> sets) {
    List<String> args = new ArrayList<>(List.of("--config", "../configs/smoke.yaml"));
    for (String s : sets) {
      args.add("--set");
      args.add(s);
    }
    Cli r = train(args.toArray(String[]::new));
    assertOneLineExit2(r, String.join(" ", sets));
  }

  private static Cli train(String... more) {
    List<String> args = new ArrayList<>(List.of("train", "--no-serve", "--no-progress",
        "--out", existingRun.toString()));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  private static void assertOneLineExit2(Cli r, String input) {
    assertThat(r.exit()).as("exit for %s: %s", input, r.err()).isEqualTo(UserErrors.USER_ERROR);
    assertThat(r.errLines()).as("stderr for %s", input).hasSize(1);
    assertThat(r.err()).as("stderr for %s", input).startsWith("error: ")
        .doesNotContain("Exception", "\tat ");
    boolean loaded = r.err().contains("already holds a run");
    Statistics.collect(loaded ? "config valid (refused by --out)" : "config error");
  }

  @Provide
  Arbitrary<String> configTexts() {
    Arbitrary<String> base = Arbitraries.of(configs);
    Arbitrary<String> mutated = Combinators.combine(base, mutations().list().ofMinSize(1).ofMaxSize(4))
        .as((text, ms) -> {
          String t = text;
          for (Mutation m : ms) {
            t = m.apply(t);
          }
          return t;
        });
    Arbitrary<String> randomText = Arbitraries.strings().ofMaxLength(300);
    Arbitrary<String> yamlish = Arbitraries.strings()
        .withChars("abcdefghijklmnopqrstuvwxyz_.:-[]{},&*!|>'\"#%@`?0123456789 \n\t")
        .ofMaxLength(300);
    return Arbitraries.frequencyOf(Tuple.of(6, mutated), Tuple.of(1, randomText), Tuple.of(2, yamlish));
  }

  /** One edit of a config text. */
  interface Mutation {
    String apply(String text);
  }

  Arbitrary<Mutation> mutations() {
    Arbitrary<Integer> where = Arbitraries.integers().between(0, 10_000);
    Arbitrary<Mutation> replaceValue = Combinators.combine(where, values())
        .as((at, v) -> text -> editLine(text, at, line -> {
          int colon = line.indexOf(':');
          return colon < 0 ? line : line.substring(0, colon + 1) + " " + v;
        }));
    Arbitrary<Mutation> renameKey = Combinators.combine(where, Arbitraries.strings().alpha().ofMaxLength(8))
        .as((at, k) -> text -> editLine(text, at, line -> {
          String body = line.stripLeading();
          int colon = body.indexOf(':');
          return colon < 0 ? line : line.substring(0, line.length() - body.length()) + k + body.substring(colon);
        }));
    Arbitrary<Mutation> deleteLine = where.map(at -> text -> editLine(text, at, line -> ""));
    Arbitrary<Mutation> duplicateLine = where.map(at -> text -> editLine(text, at, line -> line + "\n" + line));
    Arbitrary<Mutation> reindent = Combinators.combine(where, Arbitraries.of("", " ", "   ", "\t", "      "))
        .as((at, ind) -> text -> editLine(text, at, line -> ind + line.stripLeading()));
    Arbitrary<Mutation> truncate = where.map(at -> text -> text.substring(0, at % (text.length() + 1)));
    Arbitrary<Mutation> insert = Combinators.combine(where, Arbitraries.strings().ofMinLength(1).ofMaxLength(5))
        .as((at, s) -> text -> {
          int i = at % (text.length() + 1);
          return text.substring(0, i) + s + text.substring(i);
        });
    Arbitrary<Mutation> addKey = Combinators.combine(Arbitraries.of("data", "model", "loss", "optim",
            "train", "eval", "serve", "nosuch"), Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8),
            values())
        .as((section, key, v) -> text -> text + "\n" + section + ":\n  " + key + ": " + v + "\n");
    return Arbitraries.oneOf(replaceValue, renameKey, deleteLine, duplicateLine, reindent, truncate,
        insert, addKey);
  }

  private static String editLine(String text, int at, java.util.function.UnaryOperator<String> edit) {
    String[] lines = text.split("\n", -1);
    int i = at % lines.length;
    lines[i] = edit.apply(lines[i]);
    return String.join("\n", lines);
  }

  /** Values a user might type, wrong or right: numbers at the edges, strings, flows, YAML oddities. */
  Arbitrary<String> values() {
    return Arbitraries.oneOf(
        Arbitraries.of("0", "-1", "1", "2", "1e-3", "1e999", "-1e999", ".nan", ".inf", "-.inf", "NaN",
            "2147483648", "-2147483649", "9223372036854775808", "0x10", "0o17", "1_000", "1.5",
            "true", "no", "on", "~", "null", "''", "\"\"", "[]", "{}", "[1, 2", "{a: 1}", "[1, 2, 4]",
            "[0, 1]", "[-1]", "lsd", "psd-m", "psd-u", "esd", "fm", "silu", "gelu", "relu", "adam",
            "adamw", "radam", "sgd", "seed", "notebook", "paper", "euler", "heun", "position",
            "velocity", "*alias", "&anchor 1", "!!binary AAAA", "!!python/object:os.system ls", "|",
            ">", "%", "@", "`", "\"a\\nb\"", "'\u00e9\u4e2d'", "\"\\t\"", "- 1", "? x"),
        Arbitraries.integers().map(String::valueOf),
        Arbitraries.doubles().map(String::valueOf),
        Arbitraries.strings().ofMaxLength(12));
  }

  @Provide
  Arbitrary<List<String>> sets() {
    Arbitrary<String> key = Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.of(keys)),
        Tuple.of(1, Arbitraries.of(keys).map(k -> k + ".x")),
        Tuple.of(1, Arbitraries.of(keys).map(k -> k.toUpperCase(java.util.Locale.ROOT))),
        Tuple.of(1, Arbitraries.strings().ofMaxLength(12)),
        Tuple.of(1, Arbitraries.of("", ".", "..", "train.", ".train", "train..steps", " train.steps ")));
    Arbitrary<String> set = Arbitraries.frequencyOf(
        Tuple.of(8, Combinators.combine(key, values()).as((k, v) -> k + "=" + v)),
        Tuple.of(1, Arbitraries.strings().ofMaxLength(20)),
        Tuple.of(1, key));
    return set.list().ofMinSize(1).ofMaxSize(3);
  }
}

package dev.flowmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command answers {@code --help} with its usage and exit 0. */
class MainTest {
  @ParameterizedTest
  @ValueSource(strings = {"train", "sample", "eval", "compare", "bench", "serve", "consume"})
  void everyCommandHasHelp(String command) {
    Cli r = Cli.run(command, "--help");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("Usage: flowmap " + command).contains("--help");
    assertThat(r.err()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"--help", "help"})
  void theTopLevelHelpListsTheCommands(String arg) {
    Cli r = Cli.run(arg);
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("Usage: flowmap").contains("train", "sample", "eval", "compare",
        "bench", "serve", "consume");
  }
}

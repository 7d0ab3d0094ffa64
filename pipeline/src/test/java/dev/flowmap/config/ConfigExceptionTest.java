package dev.flowmap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A config error is one line however the bad value or the parser's text is made. */
class ConfigExceptionTest {
  @Test
  void controlCharactersInTheMessageAreEscaped() {
    assertThat(new ConfigException("got 'a\nb\r\tc\u0001'").getMessage())
        .isEqualTo("got 'a\\nb\\r\\tc\\u0001'");
    assertThat(new ConfigException("plain 'é'").getMessage()).isEqualTo("plain 'é'");
  }

  /** Found by BadConfigInputTest: a string value with a line break gave a two-line error. */
  @Test
  void aValueWithALineBreakIsNamedOnOneLine() {
    assertThatThrownBy(() -> ConfigLoader.fromYamlString("", List.of("data=\"a\\nb\"")))
        .isInstanceOf(ConfigException.class).hasMessage("data: expected a mapping, got 'a\\nb'");
    assertThatThrownBy(() -> ConfigLoader.fromYamlString("loss:\n  method: \"ls\\nd\"\n", List.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("got 'ls\\nd'")
        .hasMessageNotContaining("\n");
  }

  /** Found by BadConfigInputTest: SnakeYAML's problem text for "&" at the end of a line holds a line break. */
  @Test
  void aYamlProblemWithALineBreakIsOneLine() {
    assertThatThrownBy(() -> ConfigLoader.fromYamlString("&\n", List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config: malformed YAML at line 1: unexpected character found \\n(10)");
  }
}

package dev.flowmap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class YamlTextTest {
  private static ObjectNode tree(String yaml) {
    return (ObjectNode) YamlText.parse(yaml, "test");
  }

  @Test
  void parsesYamlScalarsAsTheirTypes() {
    JsonNode n = YamlText.parse("a: 1\nb: 1.5\nc: 1e-3\nd: .inf\ne: x\nf: [1, 2]\n", "test");
    assertThat(n.get("a").isInt()).isTrue();
    assertThat(n.get("b").doubleValue()).isEqualTo(1.5);
    assertThat(n.get("c").doubleValue()).isEqualTo(1e-3);
    assertThat(n.get("d").doubleValue()).isInfinite();
    assertThat(n.get("e").textValue()).isEqualTo("x");
    assertThat(n.get("f").size()).isEqualTo(2);
  }

  @Test
  void blankTextIsMissing() {
    assertThat(YamlText.parse("", "test").isMissingNode()).isTrue();
    assertThat(YamlText.parse("# nothing\n", "test").isMissingNode()).isTrue();
  }

  @Test
  void malformedTextNamesSourceAndLine() {
    assertThatThrownBy(() -> YamlText.parse("a: 1\nb: [\n", "src.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("src.yaml: malformed YAML at line 3: ");
  }

  @Test
  void aKeyWithNoNameIsAConfigErrorNamingWhereItIs() {
    // Found by BadConfigInputTest: SnakeYAML reads "null:" and "~:" as a null key, which Jackson
    // refused with an IllegalArgumentException (a stack trace for the user).
    assertThatThrownBy(() -> YamlText.parse("null: 1\n", "src.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("src.yaml: a key with no name (null or ~) under the top level");
    assertThatThrownBy(() -> YamlText.parse("train:\n  ~: 1\n", "src.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("src.yaml: a key with no name (null or ~) under train");
    assertThatThrownBy(() -> YamlText.parse("eval:\n  steps: [{~: 1}]\n", "src.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("src.yaml: a key with no name (null or ~) under eval.steps[0]");
  }

  @Test
  void mergeIsDeepForMappingsAndReplacesEverythingElse() {
    ObjectNode base = tree("m: {a: 1, b: 2}\nl: [1, 2, 3]\ns: x\n");
    YamlText.merge(base, tree("m: {b: 5}\nl: [9]\nn: 4\n"));
    assertThat(base).isEqualTo(tree("m: {a: 1, b: 5}\nl: [9]\ns: x\nn: 4\n"));
  }

  @Test
  void setReplacesOneValueInTheTree() {
    ObjectNode t = ConfigLoader.MAPPER.valueToTree(RunConfig.defaults());
    YamlText.applySet(t, "eval.steps=[3]");
    YamlText.applySet(t, " model.width =12");
    assertThat(t.at("/eval/steps").toString()).isEqualTo("[3]");
    assertThat(t.at("/model/width").intValue()).isEqualTo(12);
    assertThat(t.at("/model/depth").intValue()).isEqualTo(4);
  }

  @Test
  void setValueMayContainEquals() {
    ObjectNode t = ConfigLoader.MAPPER.valueToTree(RunConfig.defaults());
    YamlText.applySet(t, "serve.host=a=b");
    assertThat(t.at("/serve/host").textValue()).isEqualTo("a=b");
  }

  @Test
  void nullSetIsRejected() {
    ObjectNode t = ConfigLoader.MAPPER.valueToTree(RunConfig.defaults());
    assertThatThrownBy(() -> YamlText.applySet(t, null))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--set null: expected key=value");
  }
}

package dev.flowmap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class TreeCheckerTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  @Test
  void yamlKeysAreSnakeCase() {
    assertThat(TreeChecker.yamlKey("cellSize")).isEqualTo("cell_size");
    assertThat(TreeChecker.yamlKey("generatorThreads")).isEqualTo("generator_threads");
    assertThat(TreeChecker.yamlKey("width")).isEqualTo("width");
  }

  @Test
  void knowsSectionsAndValuesButNotBeyond() {
    assertThat(TreeChecker.knows(RunConfig.class, "optim")).isTrue();
    assertThat(TreeChecker.knows(RunConfig.class, "optim.weight_decay")).isTrue();
    assertThat(TreeChecker.knows(RunConfig.class, "optim.weightDecay")).isFalse();
    assertThat(TreeChecker.knows(RunConfig.class, "optim.lr.x")).isFalse();
    assertThat(TreeChecker.knows(RunConfig.class, "")).isFalse();
    assertThat(TreeChecker.knows(RunConfig.class, "optim.")).isFalse();
  }

  @Test
  void numericTextInDoubleFieldsBecomesDoubles() {
    ObjectNode optim = F.objectNode().put("lr", "1e-3").put("eps", "+.5E-2").put("clip", 2);
    optim.put("ema", ".nan");
    ObjectNode root = F.objectNode();
    root.set("optim", optim);
    TreeChecker.check(root, RunConfig.class, "");
    assertThat(optim.get("lr").isDouble()).isTrue();
    assertThat(optim.get("lr").doubleValue()).isEqualTo(0.001);
    assertThat(optim.get("eps").doubleValue()).isEqualTo(0.005);
    assertThat(optim.get("clip").doubleValue()).isEqualTo(2.0);
    assertThat(optim.get("ema").doubleValue()).isNaN();
  }

  @Test
  void nonNumericTextInDoubleFieldsIsRejected() {
    ObjectNode root = F.objectNode();
    root.set("optim", F.objectNode().put("lr", "0x1p3"));
    assertThatThrownBy(() -> TreeChecker.check(root, RunConfig.class, ""))
        .hasMessage("optim.lr: expected a number, got '0x1p3'");
  }

  @Test
  void integersMustFitTheirField() {
    ObjectNode root = F.objectNode();
    root.set("train", F.objectNode().put("steps", 3_000_000_000L));
    TreeChecker.check(root, RunConfig.class, "");
    root.set("train", F.objectNode().put("batch", 3_000_000_000L));
    assertThatThrownBy(() -> TreeChecker.check(root, RunConfig.class, ""))
        .hasMessage("train.batch: expected an integer, got 3000000000");
  }

  @Test
  void listElementsAreCheckedWithTheirIndex() {
    ObjectNode root = F.objectNode();
    root.set("compare", F.objectNode().set("methods", F.arrayNode().add("lsd").add(3)));
    assertThatThrownBy(() -> TreeChecker.check(root, RunConfig.class, ""))
        .hasMessage("compare.methods[1]: expected a string, got 3");
  }

  @Test
  void showQuotesTextOnly() {
    assertThat(TreeChecker.show(F.textNode("a"))).isEqualTo("'a'");
    assertThat(TreeChecker.show(F.numberNode(2))).isEqualTo("2");
    assertThat(TreeChecker.show(F.nullNode())).isEqualTo("nothing");
    JsonNode list = F.arrayNode().add(1).add(2);
    assertThat(TreeChecker.show(list)).isEqualTo("[1,2]");
  }
}

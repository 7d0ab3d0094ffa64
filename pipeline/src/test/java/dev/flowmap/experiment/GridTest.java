package dev.flowmap.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --grid} parsing: top-level comma splitting, the product, readable unique names. */
class GridTest {
  @Test
  void productVariesTheLastKeyFastestWithReadableNames() {
    List<Grid.Point> points = Grid.parse(List.of("optim.lr=1e-3,2e-4", "optim.ema=0.999,0")).points();
    assertThat(points).extracting(Grid.Point::name).containsExactly(
        "lr-1e-3_ema-0.999", "lr-1e-3_ema-0", "lr-2e-4_ema-0.999", "lr-2e-4_ema-0");
    assertThat(points.get(1).sets()).containsExactly("optim.lr=1e-3", "optim.ema=0");
    assertThat(points.get(1).values()).isEqualTo(Map.of("optim.lr", "1e-3", "optim.ema", "0"));
  }

  @Test
  void listValuesSplitOnlyAtTopLevelCommas() {
    Grid g = Grid.parse(List.of("eval.steps=[1,2], [1, 2, 4]", "compare.methods={a: [x,y]},'p,q'"));
    assertThat(g.points()).extracting(p -> p.values().get("eval.steps"))
        .containsExactly("[1,2]", "[1,2]", "[1, 2, 4]", "[1, 2, 4]");
    assertThat(g.points()).extracting(p -> p.values().get("compare.methods"))
        .containsExactly("{a: [x,y]}", "'p,q'", "{a: [x,y]}", "'p,q'");
    assertThat(g.points().get(2).name()).isEqualTo("steps-1+2+4_methods-a-x+y");
  }

  @Test
  void keysSharingALastSegmentAreNamedInFullAndNamesAreFilesystemSafeAndUnique() {
    List<Grid.Point> points = Grid.parse(List.of("train.steps=10", "eval.steps=[1],a/b,a:b"))
        .points();
    assertThat(points).extracting(Grid.Point::name).containsExactly(
        "train.steps-10_eval.steps-1", "train.steps-10_eval.steps-a-b",
        "train.steps-10_eval.steps-a-b~2");
    assertThat(Grid.safe("..")).isEqualTo("empty");
    assertThat(Grid.safe("\"\"")).isEqualTo("empty");
  }

  @Test
  void overLongNamesAreCutWithAChecksumAndStayUnique() {
    String a = "x".repeat(200);
    List<Grid.Point> points = Grid.parse(List.of("loss.method=" + a + "1," + a + "2")).points();
    assertThat(points).allSatisfy(p -> assertThat(p.name()).hasSizeLessThanOrEqualTo(120));
    assertThat(points.get(0).name()).isNotEqualTo(points.get(1).name());
  }

  @Test
  void malformedSpecsNameTheSpecAndTheProblem() {
    assertThatThrownBy(() -> Grid.parse(List.of("optim.lr"))).hasMessage(
        "--grid 'optim.lr': expected key=v1,v2,...");
    assertThatThrownBy(() -> Grid.parse(List.of("=1,2"))).hasMessageContaining("no key");
    assertThatThrownBy(() -> Grid.parse(List.of("optim.lr=1e-3,"))).hasMessageContaining("empty value");
    assertThatThrownBy(() -> Grid.parse(List.of("optim.lr="))).hasMessageContaining("empty value");
    assertThatThrownBy(() -> Grid.parse(List.of("eval.steps=[1,2"))).hasMessageContaining("unclosed bracket");
    assertThatThrownBy(() -> Grid.parse(List.of("eval.steps=1]"))).hasMessageContaining("unbalanced");
    assertThatThrownBy(() -> Grid.parse(List.of("loss.method='lsd"))).hasMessageContaining("unclosed quote");
    assertThatThrownBy(() -> Grid.parse(List.of("optim.lr=1,1"))).hasMessageContaining("'1' appears twice");
    assertThatThrownBy(() -> Grid.parse(List.of("optim.lr=1", "optim.lr=2")))
        .hasMessageContaining("already gridded");
    assertThatThrownBy(() -> Grid.parse(List.of())).hasMessageContaining("at least one");
  }
}

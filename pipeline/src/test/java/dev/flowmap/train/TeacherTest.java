package dev.flowmap.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmap.config.ConfigException;
import dev.flowmap.config.ConfigLoader;
import dev.flowmap.config.RunConfig;
import dev.flowmap.data.Batch;
import dev.flowmap.model.Activation;
import dev.flowmap.model.FlowMapMlp;
import dev.flowmap.model.KnownFields;
import dev.flowmap.model.MlpPass;
import dev.flowmap.model.Ops;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code loss.teacher}: a checkpoint whose network has the constant field v = (1, -0.5) teaches a
 * student trained on the LSD term alone (eta = 0), whose only solution is X_{s,t}(x) = x + (t - s)
 * v; reading the teacher, its digest, and the errors a user can make with it.
 */
class TeacherTest {
  private static final double C0 = 1.0;
  private static final double C1 = -0.5;

  @TempDir
  static Path tmp;
  private static Path teacher;

  @BeforeAll
  static void writeConstantFieldCheckpoint() throws Exception {
    String yaml = ConfigLoader.toYaml(ConfigLoader.fromYamlString(
        "model: {width: 8, depth: 1, activation: silu}\n", List.of()));
    FlowMapMlp net = KnownFields.affine(Activation.SILU, DataType.FLOAT, 0, 0, 0, C0, C1);
    teacher = tmp.resolve("teacher.bin");
    new Checkpoint(yaml, 1, net.params(), List.of(), null).write(teacher);
  }

  private static RunConfig student(String teacherPath) {
    return ConfigLoader.fromYamlString("""
        model: {width: 32, depth: 2}
        loss: {method: lsd, composition: notebook, eta: 0.0, teacher: '%s'}
        optim: {lr: 3.0e-3}
        train: {batch: 256, threads: 1, steps: 300, seed: 4}
        """.formatted(teacherPath), List.of());
  }

  private static FlowMapMlp net() {
    return RunSetup.newNetwork(student(""), DataType.FLOAT, Ops.standard());
  }

  /** Mean over 512 points of |v_{s,t}(x) - (C0, C1)|, x ~ N(0, 1), s <= t uniform. */
  private static double distanceToTheField(FlowMapMlp net) {
    int n = 512;
    Nd4j.getRandom().setSeed(9);
    INDArray x = Nd4j.randn(DataType.FLOAT, n, 2);
    INDArray a = Nd4j.rand(DataType.FLOAT, n, 1);
    INDArray b = Nd4j.rand(DataType.FLOAT, n, 1);
    MlpPass p = new MlpPass(net, n, false, false);
    p.setInputs(x, Nd4j.math.min(a, b), Nd4j.math.max(a, b));
    p.forward();
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += Math.hypot(p.v().getDouble(i, 0) - C0, p.v().getDouble(i, 1) - C1);
    }
    return sum / n;
  }

  @Test
  void distillingAConstantFieldMovesTheStudentsMapOntoItsFlow() {
    RunConfig c = student(teacher.toString());
    FlowMapMlp net = RunSetup.newNetwork(c, DataType.FLOAT, Ops.standard());
    double before = distanceToTheField(net);
    try (Trainer trainer = new Trainer(c, net)) {
      assertThat(trainer.teacher().path()).isEqualTo(teacher.toString());
      Batch batch = trainer.newBatch();
      for (long step = 1; step <= 300; step++) {
        trainer.applyUpdate(trainer.computeLoss(trainer.fill(batch, step)));
      }
    }
    double after = distanceToTheField(net);
    assertThat(before).isGreaterThan(0.5);
    assertThat(after).as("from %s", before).isLessThan(0.15 * before);
  }

  @Test
  void theDigestIsOfTheWeightsUsedAndAChangedTeacherIsRefusedOnResume() throws Exception {
    RunConfig c = student(teacher.toString());
    Teacher t = Teacher.load(c, RunSetup.newNetwork(c, DataType.DOUBLE, Ops.standard()));
    assertThat(t.net().dtype()).isEqualTo(DataType.DOUBLE);
    assertThat(t.digest()).hasSize(64).isEqualTo(Teacher.digest(t.net()));
    assertThat(Teacher.load(student(""), RunSetup.newNetwork(c, DataType.FLOAT, Ops.standard()))).isNull();
    FlowMapMlp other = KnownFields.affine(Activation.SILU, DataType.FLOAT, 0, 0, 0, C0, 2 * C1);
    assertThat(Teacher.digest(other)).isNotEqualTo(t.digest());

    Teacher.checkResume(t, t.digest(), tmp);
    Teacher.checkResume(t, "", tmp); // a run that had no teacher may take one
    Teacher.checkResume(null, t.digest(), tmp); // or drop it (a config change, named as such)
    assertThatThrownBy(() -> Teacher.checkResume(t, Teacher.digest(other), tmp))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("the teacher " + teacher + " changed since the checkpoint");
  }

  @Test
  void aMissingOrIncompatibleTeacherIsAOneLineErrorNamingThePath() throws Exception {
    Path missing = tmp.resolve("no-such-run");
    assertThatThrownBy(() -> Teacher.load(student(missing.toString()), net()))
        .isInstanceOf(CheckpointException.class)
        .hasMessageStartingWith("loss.teacher " + missing + ": checkpoint not found");
    Path otherData = tmp.resolve("other-data.bin");
    String yaml = ConfigLoader.toYaml(ConfigLoader.fromYamlString(
        "data: {cells: 2}\nmodel: {width: 8, depth: 1}\n", List.of()));
    FlowMapMlp net = KnownFields.affine(Activation.SILU, DataType.FLOAT, 0, 0, 0, C0, C1);
    new Checkpoint(yaml, 1, net.params(), List.of(), null).write(otherData);
    assertThatThrownBy(() -> Teacher.load(student(otherData.toString()), net()))
        .isInstanceOf(CheckpointException.class)
        .hasMessageStartingWith("loss.teacher " + otherData + ": trained on other data");
    assertThatThrownBy(() -> ConfigLoader.fromYamlString(
        "loss: {method: psd-m, teacher: x}\n", List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("loss.teacher 'x' is for loss.method lsd (Lagrangian map distillation), got method psd-m");
  }
}

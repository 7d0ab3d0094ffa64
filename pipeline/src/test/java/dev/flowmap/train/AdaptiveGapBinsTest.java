package dev.flowmap.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmap.config.ConfigLoader;
import dev.flowmap.config.RunConfig;
import dev.flowmap.data.Batch;
import dev.flowmap.model.FlowMapMlp;
import dev.flowmap.model.Ops;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code loss.adaptive_bins} in a trainer: the bins move from the first step, the run repeats bit
 * for bit on two workers, and a trainer given a mid-run state (weights, moments, EMA and the bins'
 * averages, as a checkpoint holds them) continues exactly as the uninterrupted run did; without the
 * bins' averages it does not.
 */
class AdaptiveGapBinsTest {
  private static final Path SMOKE = Path.of("../configs/smoke.yaml");

  @AfterEach
  void restoreTheDefaultSplit() {
    Threads.apply(0);
  }

  private static RunConfig config() {
    return ConfigLoader.load(SMOKE, new ArrayList<>(List.of("train.steps=12", "train.threads=2",
        "optim.ema=0.99", "loss.adaptive_bins=8")));
  }

  @Test
  void theBinsMoveAndTheRunRepeatsAndResumesExactly() {
    Threads.apply(2);
    RunConfig c = config();
    List<StepEvent> whole = new ArrayList<>();
    double[] binsAt6;
    INDArray params6;
    List<INDArray> moments6;
    INDArray ema6;
    try (Trainer t = new Trainer(c, RunSetup.newNetwork(c, DataType.FLOAT, Ops.standard()))) {
      assertThat(java.util.Arrays.stream(t.gapBinState())).hasSize(16).allMatch(d -> d.isNaN());
      Batch b = t.newBatch();
      binsAt6 = null;
      params6 = null;
      moments6 = null;
      ema6 = null;
      for (long step = 1; step <= 12; step++) {
        whole.add(t.applyUpdate(t.computeLoss(t.fill(b, step))));
        if (step == 6) {
          binsAt6 = t.gapBinState();
          params6 = t.network().params().dup();
          moments6 = t.optimizer().state();
          ema6 = t.ema().weights().dup();
        }
      }
    }
    assertThat(java.util.Arrays.stream(binsAt6)).noneMatch(d -> d.isNaN()).doesNotHaveDuplicates();

    List<StepEvent> again = steps(c, 1, null, null, null, null);
    List<StepEvent> resumed = steps(c, 7, params6, moments6, ema6, binsAt6);
    List<StepEvent> withoutBins = steps(c, 7, params6, moments6, ema6, new double[0]);
    for (int i = 0; i < 12; i++) {
      assertThat(again.get(i).losses()).as("step %d again", i + 1).isEqualTo(whole.get(i).losses());
      assertThat(again.get(i).gradNorm()).as("step %d again", i + 1).isEqualTo(whole.get(i).gradNorm());
    }
    for (int i = 0; i < 6; i++) {
      assertThat(resumed.get(i).losses()).as("resumed step %d", i + 7).isEqualTo(whole.get(i + 6).losses());
      assertThat(resumed.get(i).gradNorm()).as("resumed step %d", i + 7).isEqualTo(whole.get(i + 6).gradNorm());
    }
    assertThat(withoutBins.get(0).gradNorm()).as("fresh bins weigh every row 1: another gradient")
        .isNotEqualTo(whole.get(6).gradNorm());
  }

  private static List<StepEvent> steps(RunConfig c, long from, INDArray params, List<INDArray> moments,
                                       INDArray ema, double[] bins) {
    List<StepEvent> events = new ArrayList<>();
    FlowMapMlp net = RunSetup.newNetwork(c, DataType.FLOAT, Ops.standard());
    try (Trainer t = new Trainer(c, net)) {
      if (params != null) {
        net.params().assign(params);
        t.optimizer().load(moments);
        t.ema().load(ema);
        t.restoreGapBins(bins);
      }
      Batch b = t.newBatch();
      for (long step = from; step <= c.train().steps(); step++) {
        events.add(t.applyUpdate(t.computeLoss(t.fill(b, step))));
      }
    }
    return events;
  }
}

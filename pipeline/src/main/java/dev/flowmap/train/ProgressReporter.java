package dev.flowmap.train;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The terminal progress bar: steps done, steps per second, time left, and the latest loss. */
final class ProgressReporter implements AutoCloseable {
  private final ProgressBar bar;

  ProgressReporter(String task, long from, long total) {
    bar = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .startsFrom(from, Duration.ZERO)
        .setStyle(ProgressBarStyle.ASCII)
        .setUnit(" steps", 1)
        .showSpeed()
        .setSpeedUnit(ChronoUnit.SECONDS)
        .setUpdateIntervalMillis(500)
        .setMaxRenderedLength(110)
        .build();
  }

  void onStep(StepEvent e) {
    bar.stepTo(e.step());
    if (e.step() % 10 == 0) {
      bar.setExtraMessage(String.format(" loss %.4g", e.total()));
    }
  }

  void message(String text) {
    bar.setExtraMessage(" " + text);
  }

  @Override
  public void close() {
    bar.close();
  }
}

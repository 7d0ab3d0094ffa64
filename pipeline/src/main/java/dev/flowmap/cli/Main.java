package dev.flowmap.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code flowmap} command line: train, sample, eval, compare, sweep, bench, serve, consume,
 * publish.
 */
@Command(name = "flowmap", mixinStandardHelpOptions = true, version = "flowmap 0.1.0",
    description = "Flow maps via self-distillation on the 2D checkerboard, as a reactive pipeline.",
    subcommands = {TrainCommand.class, SampleCommand.class, EvalCommand.class,
        CompareCommand.class, SweepCommand.class, BenchCommand.class,
        ServeCommand.class, ConsumeCommand.class, PublishCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (used by tests). */
  public static int run(String... args) {
    // automatic thread split for every command; train and compare re-apply train.threads
    dev.flowmap.train.Threads.apply(0);
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    UserErrors errors = new UserErrors();
    return new CommandLine(new Main()).setExecutionExceptionHandler(errors)
        .setParameterExceptionHandler(errors);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}

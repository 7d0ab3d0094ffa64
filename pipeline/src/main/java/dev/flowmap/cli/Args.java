package dev.flowmap.cli;

import picocli.CommandLine;

/** Validation of command-line values, with messages that name the option and the value. */
final class Args {
  private Args() {}

  static void check(CommandLine.Model.CommandSpec spec, boolean ok, String option, Object value, String rule) {
    if (!ok) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          option + " " + rule + ", got '" + value + "'");
    }
  }
}

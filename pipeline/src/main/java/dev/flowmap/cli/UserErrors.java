package dev.flowmap.cli;

import dev.flowmap.config.ConfigException;
import dev.flowmap.kafka.KafkaSetupException;
import dev.flowmap.serve.ServerStartException;
import dev.flowmap.train.CheckpointException;
import dev.flowmap.train.DivergedException;
import dev.flowmap.train.RunDirectoryException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Turns exceptions a user can cause into one line on stderr and exit code 2 (3 for a diverged
 * run); anything else is a bug and keeps its stack trace. Bad options and option values (picocli's
 * parameter exceptions, also those thrown by {@link Args}) get the same one line, pointing to
 * {@code --help} rather than printing the whole usage text.
 */
final class UserErrors implements CommandLine.IExecutionExceptionHandler,
    CommandLine.IParameterExceptionHandler {
  static final int USER_ERROR = 2;
  static final int DIVERGED = DivergedException.EXIT_CODE;

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    Throwable e = ex;
    while (e.getCause() != null && !isUserError(e)) {
      e = e.getCause();
    }
    if (e instanceof DivergedException) {
      err.println("error: " + e.getMessage());
      err.flush();
      return DIVERGED;
    }
    if (isUserError(e)) {
      err.println("error: " + e.getMessage());
      err.flush();
      return USER_ERROR;
    }
    ex.printStackTrace(err);
    err.flush();
    return 1;
  }

  @Override
  public int handleParseException(CommandLine.ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("error: " + ex.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName()
        + " --help')");
    err.flush();
    return USER_ERROR;
  }

  private static boolean isUserError(Throwable e) {
    return e instanceof ConfigException || e instanceof CheckpointException
        || e instanceof RunDirectoryException || e instanceof ServerStartException
        || e instanceof DivergedException || e instanceof CommandLine.ParameterException
        || e instanceof KafkaSetupException;
  }
}

package dev.feedback360.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failure into one clear line on stderr (what went wrong and what to do, as the exception says) and exit
 * code 1; the stack trace goes to the debug log.
 */
final class FriendlyErrors implements IExecutionExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(FriendlyErrors.class);

  @Override
  public int handleExecutionException(Exception exception, CommandLine commandLine, ParseResult parseResult) {
    LOG.debug("Command failed", exception);
    StringBuilder message = new StringBuilder("Error: ").append(exception.getMessage());
    Throwable cause = exception.getCause();
    while (cause != null && cause != cause.getCause()) {
      if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
        message.append(System.lineSeparator()).append("  caused by: ").append(cause.getMessage());
      }
      cause = cause.getCause();
    }
    commandLine.getErr().println(message);
    return ExitCodes.FAILURE;
  }
}

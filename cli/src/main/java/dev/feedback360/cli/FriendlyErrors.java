package dev.feedback360.cli;

import dev.feedback360.topics.KafkaConnection;
import java.util.Locale;
import java.util.function.Predicate;
import org.apache.kafka.common.errors.AuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failure into one clear line on stderr (what went wrong and what to do, as the exception says) and exit
 * code 1; the stack trace goes to the debug log. A wait that ran out names the Kafka bootstrap servers the command
 * tried, so that a wrong address is seen at once.
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
    if (causedBy(exception, AuthorizationException.class)) {
      message.append(System.lineSeparator()).append("  The principal of this command's client properties ")
          .append("(--command-config) has no ACL for that; ./feedback360 acls lists what each role may do ")
          .append("(docs/security.md).");
    }
    String servers = bootstrapServers(parseResult);
    if (servers != null && timedOut(exception) && !message.toString().contains(servers)) {
      message.append(System.lineSeparator()).append("  Kafka bootstrap servers tried: ").append(servers)
          .append(" (--bootstrap-servers or FEEDBACK360_BOOTSTRAP_SERVERS); is a broker running there?");
    }
    commandLine.getErr().println(message);
    return ExitCodes.FAILURE;
  }

  /** The bootstrap servers the failed command used, matched or by default; null if it takes none. */
  private static String bootstrapServers(ParseResult parseResult) {
    ParseResult command = parseResult;
    while (command.hasSubcommand()) {
      command = command.subcommand();
    }
    OptionSpec option = command.commandSpec().findOption("--bootstrap-servers");
    if (option == null) {
      return null;
    }
    // As KafkaOptions resolves them: the option, the environment, else the default (or the --command-config file's).
    String given = option.getValue();
    if (given == null || given.isBlank()) {
      given = System.getenv(KafkaOptions.BOOTSTRAP_ENV);
    }
    if (given != null && !given.isBlank()) {
      return given;
    }
    OptionSpec config = command.commandSpec().findOption("--command-config");
    Object file = config == null ? null : config.getValue();
    if (file instanceof java.nio.file.Path path) {
      try {
        return KafkaConnection.load(null, KafkaOptions.DEFAULT_BOOTSTRAP, path).bootstrapServers();
      } catch (java.io.UncheckedIOException e) {
        return null; // the failure itself says the file cannot be read
      }
    }
    return KafkaOptions.DEFAULT_BOOTSTRAP;
  }

  private static boolean causedBy(Throwable exception, Class<? extends Throwable> type) {
    return anyCause(exception, type::isInstance);
  }

  /** Whether the failure, or one of its causes, is a wait that ran out (typically: no broker answered). */
  private static boolean timedOut(Throwable exception) {
    return anyCause(exception, cause -> cause instanceof org.apache.kafka.common.errors.TimeoutException
        || cause instanceof java.util.concurrent.TimeoutException
        || (cause.getMessage() != null && cause.getMessage().toLowerCase(Locale.ROOT).contains("timed out")));
  }

  /** Whether the failure or one of its causes matches. */
  private static boolean anyCause(Throwable exception, Predicate<Throwable> matches) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (matches.test(cause)) {
        return true;
      }
    }
    return false;
  }
}

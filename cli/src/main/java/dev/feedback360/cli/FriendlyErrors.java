package dev.feedback360.cli;

import dev.feedback360.producer.ingest.AccessDenied;
import dev.feedback360.security.AccessPolicy;
import dev.feedback360.security.BrokerMessages;
import dev.feedback360.topics.KafkaConnection;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.errors.AuthenticationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failure into one clear line on stderr (what went wrong and what to do, as the exception says) and exit
 * code 1; the stack trace goes to the debug log. A wait that ran out names the Kafka bootstrap servers the command
 * tried, so that a wrong address is seen at once (and, without --command-config, that the listener may need TLS or
 * SASL). Kafka refusing the credentials says so and where they came from, wherever in the command it happened; a
 * missing ACL names the principal; a broker's dump of its internal request is cut down to the permission it names.
 * A {@link UsageError} (a bad option value found while running) is a usage error like picocli's own: exit code 2.
 */
final class FriendlyErrors implements IExecutionExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(FriendlyErrors.class);
  private static final Pattern SASL_USER = Pattern.compile("username\\s*=\\s*\"([^\"]*)\"");

  @Override
  public int handleExecutionException(Exception exception, CommandLine commandLine, ParseResult parseResult)
      throws Exception {
    if (exception instanceof UsageError usage) {
      // A bad option value found while running: reported as picocli reports its own (message, usage, exit code 2).
      return commandLine.getParameterExceptionHandler().handleParseException(
          new CommandLine.ParameterException(commandLine, usage.getMessage(), usage),
          parseResult.originalArgs().toArray(new String[0]));
    }
    LOG.debug("Command failed", exception);
    ParseResult command = leaf(parseResult);
    commandLine.getErr().println(message(exception, command.commandSpec().name(), commandConfig(command),
        bootstrapServers(command)));
    return ExitCodes.FAILURE;
  }

  /**
   * The lines to print for a failure of {@code command}.
   *
   * @param commandConfig the --command-config file the command used, or null
   * @param servers the bootstrap servers it used, or null if it takes none
   */
  static String message(Throwable exception, String command, Path commandConfig, String servers) {
    String newLine = System.lineSeparator();
    AccessDenied denied = AccessDenied.of(exception);
    if (denied == AccessDenied.CREDENTIALS) {
      // Whatever the command was doing, the broker never let it in: say that, not the step that failed.
      Throwable refusal = first(exception, AuthenticationException.class::isInstance);
      return "Error: Kafka" + (servers == null ? "" : " at " + servers) + " refused this command's credentials ("
          + messageOf(refusal) + ")." + newLine + "  " + credentialsHint(commandConfig);
    }
    StringBuilder message = new StringBuilder("Error: ").append(messageOf(exception));
    Throwable cause = exception.getCause();
    while (cause != null && cause != cause.getCause()) {
      String text = cause instanceof FileSystemException file ? fileMessage(file)
          : BrokerMessages.shorten(cause.getMessage());
      if (text != null && !message.toString().contains(text)) {
        message.append(newLine).append("  caused by: ").append(text);
      }
      cause = cause.getCause();
    }
    if (denied == AccessDenied.PERMISSION) {
      message.append(newLine).append("  ").append(permissionHint(command, commandConfig));
    }
    if (timedOut(exception)) {
      if (servers != null && !message.toString().contains(servers)) {
        message.append(newLine).append("  Kafka bootstrap servers tried: ").append(servers)
            .append(" (--bootstrap-servers or FEEDBACK360_BOOTSTRAP_SERVERS); is a broker running there?");
      }
      if (servers != null && commandConfig == null) {
        message.append(newLine).append("  Or its listener needs TLS or SASL, which a client without client ")
            .append("properties cannot speak: pass --command-config FILE (./feedback360 broker --secure writes one ")
            .append("per principal in <data-dir>/clients/).");
      }
    }
    return message.toString();
  }

  /** What to do when the broker refused the credentials: where they are, or that there were none. */
  static String credentialsHint(Path commandConfig) {
    if (commandConfig == null) {
      return "No --command-config was given, so the command sent no credentials: pass --command-config FILE with "
          + "its principal's client properties (./feedback360 broker --secure writes one per principal in "
          + "<data-dir>/clients/).";
    }
    return "Check the user name and password (sasl.jaas.config) in the --command-config file " + commandConfig
        + principal(commandConfig) + ": the user must exist on the broker with that password (for a mutual-TLS "
        + "client, check its ssl.keystore.* instead).";
  }

  /** What to do when the principal lacks an ACL: which principal, and for acls --apply, whose it should be. */
  static String permissionHint(String command, Path commandConfig) {
    String who = commandConfig == null
        ? "This command ran without --command-config, as the broker's anonymous user, which"
        : "The principal of the --command-config file " + commandConfig + principal(commandConfig);
    if ("acls".equals(command)) {
      return who + " may not create ACLs: only the cluster's super user may. "
          + "Run acls --apply with the administrator's client properties (--command-config "
          + "<data-dir>/clients/admin.properties of ./feedback360 broker --secure).";
    }
    if ("replay".equals(command)) {
      return who + " has no ACL for that. The analyst role creates and writes only replay outputs named with "
          + "the analyst topic prefix (" + AccessPolicy.DEFAULT_ANALYST_TOPIC_PREFIX + " unless acls was run with "
          + "another --analyst-topic-prefix): --output " + AccessPolicy.DEFAULT_ANALYST_TOPIC_PREFIX + "NAME; "
          + "./feedback360 acls lists what each role may do (docs/security.md).";
    }
    return who + " has no ACL for that; ./feedback360 acls lists what each "
        + "role may do (docs/security.md).";
  }

  /** {@code " (User:NAME)"} from the file's SASL user name, or empty when it names none. */
  private static String principal(Path commandConfig) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(commandConfig, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      LOG.debug("Cannot read {} to name its principal", commandConfig, e);
      return "";
    }
    Matcher user = SASL_USER.matcher(properties.getProperty("sasl.jaas.config", ""));
    return user.find() ? " (User:" + user.group(1) + ")" : "";
  }

  /** The exception's message, or what it is when it has none (a timeout's message is often null). */
  private static String messageOf(Throwable exception) {
    if (exception instanceof FileSystemException file) {
      return fileMessage(file);
    }
    if (exception instanceof UncheckedIOException unchecked && unchecked.getCause() instanceof FileSystemException file
        && String.valueOf(unchecked.getMessage()).equals(file.toString())) {
      // Wrapped without words of its own: its message is the cause's class and path.
      return fileMessage(file);
    }
    String message = BrokerMessages.shorten(exception.getMessage());
    if (message != null && !message.isBlank()) {
      return message;
    }
    return exception instanceof java.util.concurrent.TimeoutException
        || exception instanceof org.apache.kafka.common.errors.TimeoutException
            ? "timed out" : exception.getClass().getSimpleName();
  }

  /**
   * A file the command could not read or write, and why: Java's exceptions for files carry only the path (an
   * unwritable directory for a rejects file printed "Error: /data/.export.csv.rejects.csv.1508...tmp").
   */
  static String fileMessage(FileSystemException failure) {
    String why;
    if (failure instanceof AccessDeniedException) {
      why = "permission denied (check that this user may write, or read, it and its directory)";
    } else if (failure instanceof NoSuchFileException) {
      why = "no such file or directory";
    } else if (failure instanceof FileAlreadyExistsException) {
      why = "it already exists";
    } else if (failure instanceof NotDirectoryException) {
      why = "not a directory";
    } else {
      why = failure.getReason() != null ? failure.getReason() : failure.getClass().getSimpleName();
    }
    return failure.getFile() + (failure.getOtherFile() == null ? "" : " -> " + failure.getOtherFile()) + ": " + why;
  }

  private static ParseResult leaf(ParseResult parseResult) {
    ParseResult command = parseResult;
    while (command.hasSubcommand()) {
      command = command.subcommand();
    }
    return command;
  }

  /** The --command-config file the failed command used, or null. */
  private static Path commandConfig(ParseResult command) {
    OptionSpec config = command.commandSpec().findOption("--command-config");
    return config != null && config.getValue() instanceof Path path ? path : null;
  }

  /** The bootstrap servers the failed command used, matched or by default; null if it takes none. */
  private static String bootstrapServers(ParseResult command) {
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
    if (file instanceof Path path) {
      try {
        return KafkaConnection.load(null, KafkaOptions.DEFAULT_BOOTSTRAP, path).bootstrapServers();
      } catch (java.io.UncheckedIOException e) {
        return null; // the failure itself says the file cannot be read
      }
    }
    return KafkaOptions.DEFAULT_BOOTSTRAP;
  }

  /** Whether the failure, or one of its causes, is a wait that ran out (typically: no broker answered). */
  private static boolean timedOut(Throwable exception) {
    return anyCause(exception, cause -> cause instanceof org.apache.kafka.common.errors.TimeoutException
        || cause instanceof java.util.concurrent.TimeoutException
        || (cause.getMessage() != null && cause.getMessage().toLowerCase(Locale.ROOT).contains("timed out")));
  }

  /** Whether the failure or one of its causes matches. */
  private static boolean anyCause(Throwable exception, Predicate<Throwable> matches) {
    return first(exception, matches) != null;
  }

  /** The failure or the first of its causes that matches, or null. */
  private static Throwable first(Throwable exception, Predicate<Throwable> matches) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (matches.test(cause)) {
        return cause;
      }
    }
    return null;
  }
}

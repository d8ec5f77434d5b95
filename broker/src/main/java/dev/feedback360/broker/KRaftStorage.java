package dev.feedback360.broker;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Formats a KRaft log directory once, the way {@code kafka-storage.sh format} does, and reuses it afterwards. */
final class KRaftStorage {

  private static final Logger LOG = LoggerFactory.getLogger(KRaftStorage.class);
  private static final String PASSWORD_KEY = "password=";

  private KRaftStorage() {
  }

  /**
   * Formats {@code logDir} with a fresh random cluster id unless it already holds a {@code meta.properties}.
   *
   * @param nodeId                 the node id of the combined broker and controller
   * @param controllerListenerName the name of the controller listener
   * @param logDir                 the single log directory of the broker, which also holds the metadata log
   * @param scramArguments         SCRAM users to create, as {@code SCRAM-SHA-512=[name=...,password=...]} (the
   *                               syntax of {@code kafka-storage format --add-scram}); empty for none. They hold
   *                               passwords, so they are never logged, not even in an error message.
   * @return {@code true} if the directory was formatted now, {@code false} if an existing format was reused
   */
  static boolean formatIfNeeded(int nodeId, String controllerListenerName, Path logDir,
      List<String> scramArguments) {
    if (isFormatted(logDir)) {
      LOG.debug("Reusing the formatted KRaft log directory {}", logDir);
      return false;
    }
    format(nodeId, controllerListenerName, logDir, scramArguments);
    return true;
  }

  static boolean isFormatted(Path logDir) {
    return Files.isRegularFile(logDir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME));
  }

  private static void format(int nodeId, String controllerListenerName, Path logDir, List<String> scramArguments) {
    String clusterId = Uuid.randomUuid().toString();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      new Formatter()
          .setPrintStream(printStream)
          .setNodeId(nodeId)
          .setClusterId(clusterId)
          .setControllerListenerName(controllerListenerName)
          .setMetadataLogDirectory(logDir.toString())
          .setDirectories(List.of(logDir.toString()))
          .setScramArguments(scramArguments)
          .run();
    } catch (Exception e) {
      String message = String.valueOf(e.getMessage());
      String redacted = redactPasswords(message, scramArguments);
      // Kafka's SCRAM parser quotes the offending argument, password included: such a cause keeps only its trace.
      Throwable cause = e;
      if (!redacted.equals(message)) {
        cause = new IllegalArgumentException(e.getClass().getName() + ": " + redacted);
        cause.setStackTrace(e.getStackTrace());
      }
      throw new IllegalStateException("Could not format the Kafka log directory " + logDir + ": " + redacted
          + ". Check that the directory is writable, or delete it to start from scratch.", cause);
    }
    LOG.debug("Formatted {} with cluster id {}: {}", logDir, clusterId,
        output.toString(StandardCharsets.UTF_8).strip());
  }

  private static String redactPasswords(String text, List<String> scramArguments) {
    String redacted = text;
    for (String argument : scramArguments) {
      int start = argument.indexOf(PASSWORD_KEY);
      int end = argument.lastIndexOf(']');
      if (start >= 0 && end > start + PASSWORD_KEY.length()) {
        redacted = redacted.replace(argument.substring(start + PASSWORD_KEY.length(), end), "<hidden>");
      }
    }
    return redacted;
  }
}

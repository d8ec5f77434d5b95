package dev.feedback360.cli;

import dev.feedback360.producer.ingest.AccessDenied;
import dev.feedback360.producer.ingest.ImportListener;
import dev.feedback360.producer.ingest.ImportSummary;
import dev.feedback360.producer.ingest.ProducerSettings;
import dev.feedback360.producer.ingest.Rejection;
import dev.feedback360.producer.ingest.ResponseProducer;
import dev.feedback360.producer.parse.InputFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Sends a responses file and reports how it went, as {@code produce}, {@code generate --to-topic} and {@code demo}
 * do; {@code withdraw --input} reports its own import the same way.
 */
final class ResponseImport {

  private ResponseImport() {}

  /**
   * Imports a file, printing progress lines.
   *
   * @param rejects where rejected rows go; null = next to the input
   */
  static ImportSummary send(KafkaOptions kafka, RaterOptions rater, Path input, InputFormat format, Path rejects,
      PrintWriter progress) throws IOException {
    Clock clock = Clock.systemUTC();
    try (ResponseProducer producer = new ResponseProducer(settings(kafka), rater.validator(clock), clock)) {
      return producer.importFile(input, format, rejectsFile(input, rejects), progress(progress));
    }
  }

  /** How the commands that send files connect: the Kafka options, the default timeout. */
  static ProducerSettings settings(KafkaOptions kafka) {
    return new ProducerSettings(kafka.bootstrapServers(), kafka.topics(), kafka.topicSettings(),
        ProducerSettings.DEFAULT_TIMEOUT, kafka.connection().clientProperties());
  }

  /** Prints a progress line of a file being sent. */
  static ImportListener progress(PrintWriter progress) {
    return p -> {
      progress.printf("  %,d rows read, %,d sent, %,d rejected, %,d failed (%.1f s)%n", p.read(), p.sent(),
          p.rejected(), p.failed(), p.elapsed().toMillis() / 1000.0);
      progress.flush();
    };
  }

  /** A line of a file as messages name it: {@code FILE, line N}. */
  static String where(Path file, long line) {
    return file + ", line " + line;
  }

  /** The rejects file: the one given, or {@code <input>.rejects.csv}. */
  static Path rejectsFile(Path input, Path rejects) {
    return rejects == null ? ResponseProducer.defaultRejectsFile(input) : rejects;
  }

  /**
   * When Kafka refused the client (exit code 1): on stderr, what to do and with which file, as {@link FriendlyErrors}
   * says it for any other command.
   */
  static void printAccessRefusal(PrintWriter err, ImportSummary summary, String command, Path commandConfig,
      String servers) {
    summary.accessRefusal().ifPresent(denied -> {
      err.println("Error: " + (denied == AccessDenied.CREDENTIALS
          ? "Kafka at " + servers + " refused this command's credentials; nothing more was sent."
              + System.lineSeparator() + "  "
              + FriendlyErrors.credentialsHint(commandConfig)
          : "Kafka refused what this command tried; nothing more was sent." + System.lineSeparator() + "  "
              + FriendlyErrors.permissionHint(command, commandConfig)));
      err.flush();
    });
  }

  /**
   * What was read, sent, rejected and failed, the first rejected lines (each as {@code FILE, line N: reason}, so
   * the line can be found whatever file the run read), and where the rest are.
   */
  static void printSummary(PrintWriter out, ImportSummary summary, Path input, Path rejects) {
    printSummary(out, summary, input, rejects, "sent");
  }

  /**
   * The summary, with the sent rows called {@code sent} ("sent", "nominations sent", "removals sent").
   */
  static void printSummary(PrintWriter out, ImportSummary summary, Path input, Path rejects, String sent) {
    summary.refusalReason().ifPresent(reason -> out.println("File refused, nothing sent: " + reason));
    summary.sendFailure().ifPresent(reason -> out.println((summary.accessRefusal().isPresent()
        ? "Refused by Kafka (a configuration error; re-running the file will not help until it is fixed): "
        : "Sending failed: ") + reason));
    out.printf("%,d rows read: %,d %s, %,d rejected, %,d failed in %.1f s (%,.0f rows/s)%n", summary.read(),
        summary.sent(), sent, summary.rejected(), summary.failed(), summary.elapsed().toMillis() / 1000.0,
        summary.ratePerSecond());
    for (Rejection rejection : summary.firstRejections()) {
      out.printf("  %s: %s%n", where(input, rejection.line()), rejection.reason());
    }
    if (summary.rejected() > summary.firstRejections().size()) {
      out.printf("  ... and %,d more%n", summary.rejected() - summary.firstRejections().size());
    }
    if (summary.rejected() > 0) {
      out.println("Rejected rows are listed in " + rejects);
    }
    out.flush();
  }
}

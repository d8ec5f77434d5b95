package dev.feedback360.cli;

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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code produce}: validates an HR export, pseudonymises raters and sends the responses. */
@Command(name = "produce", mixinStandardHelpOptions = true,
    description = {"Validates a CSV or JSON Lines export row by row, pseudonymises rater ids and sends every good "
        + "row to the responses topic (idempotent, acks=all, record timestamp = submitted_at).",
        "Bad rows go to the rejects file with their line number and reason.",
        "Each response goes to the partition Kafka's default (murmur2) partitioner gives its key, where a correction "
            + "replaces it: never change the responses topic's partition count once responses are in it.",
        "Exit codes: 0 every row sent; 2 some rows rejected (all good rows sent); 3 sending failed (re-running is "
            + "safe); 4 the file was refused (nothing sent)."},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:every row was sent", "1:a usage or configuration error (for example no rater key)",
        "2:rows were rejected; every good row was sent", "3:sending failed", "4:the file was refused"})
final class ProduceCommand implements Callable<Integer> {

  /** Format names on the command line. */
  enum Format { csv, jsonl }

  @Spec
  CommandSpec spec;

  @Mixin
  KafkaOptions kafka;

  @Mixin
  RaterOptions rater;

  @Option(names = "--input", paramLabel = "FILE", required = true, description = "The export to send.")
  Path input;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "csv or jsonl. Default: from the file extension (.csv, .jsonl, .ndjson).")
  Format format;

  @Option(names = "--rejects", paramLabel = "FILE", description = "Where rejected rows go. Default: <input>.rejects.csv.")
  Path rejects;

  @Override
  public Integer call() throws IOException {
    ImportSummary summary = send(kafka, rater, input, format, rejects, spec.commandLine().getErr());
    printSummary(spec.commandLine().getOut(), summary, rejects == null ? ResponseProducer.defaultRejectsFile(input)
        : rejects);
    return summary.exitCode();
  }

  /** Imports a file; shared with the demo and generate commands. */
  static ImportSummary send(KafkaOptions kafka, RaterOptions rater, Path input, Format format, Path rejects,
      PrintWriter progress) throws IOException {
    InputFormat inputFormat = format == null ? InputFormat.fromFileName(input)
        : format == Format.csv ? InputFormat.CSV : InputFormat.JSON_LINES;
    Clock clock = Clock.systemUTC();
    ProducerSettings settings = new ProducerSettings(kafka.bootstrapServers(), kafka.topics(), kafka.topicSettings(),
        ProducerSettings.DEFAULT_TIMEOUT, kafka.connection().clientProperties());
    ImportListener listener = p -> {
      progress.printf("  %,d rows read, %,d sent, %,d rejected, %,d failed (%.1f s)%n", p.read(), p.sent(),
          p.rejected(), p.failed(), p.elapsed().toMillis() / 1000.0);
      progress.flush();
    };
    try (ResponseProducer producer = new ResponseProducer(settings, rater.validator(clock), clock)) {
      return producer.importFile(input, inputFormat,
          rejects == null ? ResponseProducer.defaultRejectsFile(input) : rejects, listener);
    }
  }

  static void printSummary(PrintWriter out, ImportSummary summary, Path rejects) {
    summary.refusalReason().ifPresent(reason -> out.println("File refused, nothing sent: " + reason));
    summary.sendFailure().ifPresent(reason -> out.println("Sending failed: " + reason));
    out.printf("%,d rows read: %,d sent, %,d rejected, %,d failed in %.1f s (%,.0f rows/s)%n", summary.read(),
        summary.sent(), summary.rejected(), summary.failed(), summary.elapsed().toMillis() / 1000.0,
        summary.ratePerSecond());
    for (Rejection rejection : summary.firstRejections()) {
      out.printf("  line %d: %s%n", rejection.line(), rejection.reason());
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

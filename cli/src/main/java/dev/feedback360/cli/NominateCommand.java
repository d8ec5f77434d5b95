package dev.feedback360.cli;

import dev.feedback360.producer.ingest.ImportSummary;
import dev.feedback360.producer.ingest.NominationProducer;
import dev.feedback360.producer.ingest.NominationSummary;
import dev.feedback360.producer.ingest.NominationTopicMismatchException;
import dev.feedback360.producer.validate.NominationValidator;
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

/** {@code nominate}: sends who HR asks to rate whom to the nominations topic, or removes nominations. */
@Command(name = "nominate", mixinStandardHelpOptions = true,
    description = {"Validates a nominations file (CSV with a header, or JSON Lines) row by row, pseudonymises rater "
        + "ids with the rater key exactly as produce does (a self nomination gets the self-rating's pseudonym) and "
        + "sends each good row to the nominations topic, keyed like the response that will answer it.",
        "Columns: cycle_id, team_id, subject_id, rater_id, rater_group, optionally nominated_at (ISO-8601 with an "
            + "offset); other columns (an e-mail address...) are ignored. A key (cycle, subject, rater) repeated in "
            + "the file: the last row wins (a warning names the lines).",
        "--remove reads the same format (only cycle_id, subject_id and rater_id are needed) and removes those "
            + "nominations (tombstones).",
        "The nominations topic is created with the responses topic's partition count when missing, and refused when "
            + "it exists with another count (a nomination must land on its response's partition).",
        "Bad rows go to the rejects file with their line number and reason."},
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {"0:every row was sent", "1:a configuration error (for example no rater key, or Kafka refusing "
        + "the --command-config credentials or its principal's ACLs)",
        "2:rows were rejected (every good row was sent), or the nominations topic has another partition count than "
            + "the responses topic (nothing sent), or a usage error (an unknown option, a missing or bad option "
            + "value: nothing sent)",
        "3:sending failed (re-running is safe)", "4:the file was refused (nothing sent)"})
final class NominateCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  KafkaOptions kafka;

  @Mixin
  RaterOptions rater;

  @Option(names = "--input", paramLabel = "FILE", required = true, description = "The nominations file.")
  Path input;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "csv or jsonl. Default: from the file extension (.csv, .jsonl, .ndjson).")
  ResponseFileFormat format;

  @Option(names = "--remove",
      description = "Remove the nominations listed in the file instead of sending them (a tombstone each).")
  boolean remove;

  @Option(names = "--rejects", paramLabel = "FILE",
      description = "Where rejected rows go (line, reason and the row: it holds raw ids like the input, keep it "
          + "where the input is kept). Default: <input>.rejects.csv.")
  Path rejects;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path rejectsFile = ResponseImport.rejectsFile(input, rejects);
    Clock clock = Clock.systemUTC();
    NominationValidator validator = new NominationValidator(rater.pseudonymiser(), clock);
    NominationSummary result;
    try (NominationProducer producer = new NominationProducer(ResponseImport.settings(kafka), validator, clock)) {
      result = remove
          ? producer.remove(input, ResponseFileFormat.of(format, input), rejectsFile, ResponseImport.progress(err))
          : producer.nominate(input, ResponseFileFormat.of(format, input), rejectsFile, ResponseImport.progress(err));
    } catch (NominationTopicMismatchException e) {
      err.println("Error: " + e.getMessage());
      err.flush();
      return ImportSummary.EXIT_ROWS_REJECTED;
    }
    ResponseImport.printSummary(out, result.summary(), input, rejectsFile,
        remove ? "removals sent" : "nominations sent");
    if (result.duplicates() > 0) {
      out.printf("%,d rows repeat the key (cycle, subject, rater) of an earlier row; the last row wins:%n",
          result.duplicates());
      result.firstDuplicates().forEach(d -> out.printf("  %s repeats line %d%n",
          ResponseImport.where(input, d.line()), d.earlierLine()));
      if (result.duplicates() > result.firstDuplicates().size()) {
        out.printf("  ... and %,d more%n", result.duplicates() - result.firstDuplicates().size());
      }
    }
    out.printf("Nominations sent: %,d; removed: %,d; rejected: %,d%n", result.nominated(), result.removed(),
        result.summary().rejected());
    out.flush();
    ResponseImport.printAccessRefusal(err, result.summary(), "nominate", kafka.commandConfig,
        kafka.bootstrapServers());
    return result.summary().exitCode();
  }
}

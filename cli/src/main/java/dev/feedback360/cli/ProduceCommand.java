package dev.feedback360.cli;

import dev.feedback360.producer.ingest.ImportSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code produce}: validates an HR export, pseudonymises raters and sends the responses. */
@Command(name = "produce", mixinStandardHelpOptions = true,
    description = {"Validates a CSV or JSON Lines export row by row, pseudonymises rater ids and sends every good "
        + "row to the responses topic (idempotent, acks=all, record timestamp = the time of sending; the event time "
        + "is submitted_at, in the value).",
        "Bad rows go to the rejects file with their line number and reason.",
        "Each response goes to the partition Kafka's default (murmur2) partitioner gives its key, where a correction "
            + "replaces it: never change the responses topic's partition count once responses are in it.",
        "Exit codes: 0 every row sent; 1 a configuration error, Kafka refusing the credentials or an ACL included; "
            + "2 some rows rejected (all good rows sent); 3 sending failed (re-running is safe); 4 the file was "
            + "refused (nothing sent)."},
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {"0:every row was sent", "1:a configuration error (for example no rater key, or Kafka refusing "
        + "the --command-config credentials or its principal's ACLs)",
        "2:rows were rejected; every good row was sent. Or a usage error (an unknown option, a missing or bad "
            + "option value): nothing sent",
        "3:sending failed", "4:the file was refused"})
final class ProduceCommand implements Callable<Integer> {

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
  ResponseFileFormat format;

  @Option(names = "--rejects", paramLabel = "FILE",
      description = "Where rejected rows go. Default: <input>.rejects.csv.")
  Path rejects;

  @Override
  public Integer call() throws IOException {
    ImportSummary summary = ResponseImport.send(kafka, rater, input, ResponseFileFormat.of(format, input), rejects,
        spec.commandLine().getErr());
    ResponseImport.printSummary(spec.commandLine().getOut(), summary, input,
        ResponseImport.rejectsFile(input, rejects));
    ResponseImport.printAccessRefusal(spec.commandLine().getErr(), summary, "produce", kafka.commandConfig,
        kafka.bootstrapServers());
    return summary.exitCode();
  }
}

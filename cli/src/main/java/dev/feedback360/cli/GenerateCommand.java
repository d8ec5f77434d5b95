package dev.feedback360.cli;

import dev.feedback360.producer.generate.GeneratorSettings;
import dev.feedback360.producer.generate.ResponseFileWriter;
import dev.feedback360.producer.generate.SyntheticDataGenerator;
import dev.feedback360.producer.ingest.ImportSummary;
import dev.feedback360.producer.instrument.Instrument;
import dev.feedback360.producer.parse.InputFormat;
import dev.feedback360.producer.parse.ResponseRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code generate}: realistic synthetic survey responses, to a file or straight to the topic. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.OK_LINE, ExitCodes.FAILURE_LINE,
        "2:a usage error (picocli's message and the usage on stderr; nothing was done), or with --to-topic some "
            + "generated rows were rejected (every good row was sent)",
        "3:with --to-topic: sending failed",
        "4:with --to-topic: the generated file was refused (nothing was sent)"},
    description = {"Generates realistic synthetic responses: teams leaning leader, manager or balanced, self, "
        + "manager, peer, direct-report and other raters, not-observed answers, corrections, several cycles.",
        "Writes a CSV or JSON Lines file (--output), or sends them straight to the topic (--to-topic) through the "
            + "same validation and pseudonymisation as produce. The same seed gives the same data."})
final class GenerateCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  static final class Target {
    @Option(names = "--output", paramLabel = "FILE", description = "Write to this file (.csv or .jsonl).")
    Path output;

    @Option(names = "--to-topic", description = "Send to the responses topic instead of writing a file.")
    boolean toTopic;
  }

  @Mixin
  KafkaOptions kafka;

  @Mixin
  RaterOptions rater;

  @Mixin
  GeneratorOptions generator;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "csv or jsonl. Default: from the --output extension, csv for --to-topic.")
  ResponseFileFormat format;

  @Override
  public Integer call() throws IOException {
    Instrument instrument = rater.instrument();
    List<ResponseRow> rows = new SyntheticDataGenerator(instrument, generator.settings()).generate();
    if (!target.toTopic) {
      ResponseFileWriter.write(rows, instrument.itemIds(), ResponseFileFormat.of(format, target.output),
          target.output);
      spec.commandLine().getOut().printf("Wrote %,d responses to %s%n", rows.size(), target.output);
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
    Path file = Files.createTempFile("feedback360-generated-", ".csv");
    try {
      ResponseFileWriter.write(rows, instrument.itemIds(), InputFormat.CSV, file);
      Path rejects = Path.of(file + ".rejects.csv");
      ImportSummary summary = ResponseImport.send(kafka, rater, file, InputFormat.CSV, rejects,
          spec.commandLine().getErr());
      ResponseImport.printSummary(spec.commandLine().getOut(), summary, file, rejects);
      return summary.exitCode();
    } finally {
      Files.deleteIfExists(file);
    }
  }
}

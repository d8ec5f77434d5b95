package dev.feedback360.cli;

import dev.feedback360.avro.TeamScores;
import dev.feedback360.schemas.AvroSerde;
import dev.feedback360.streams.export.ExportFormat;
import dev.feedback360.streams.export.ParticipationExport;
import dev.feedback360.streams.export.ResponsesExport;
import dev.feedback360.streams.export.ScoresExport;
import dev.feedback360.streams.read.ParticipationReader;
import dev.feedback360.streams.read.ParticipationReader.TeamParticipation;
import dev.feedback360.streams.read.ScoresReader;
import dev.feedback360.streams.topology.InputScope;
import dev.feedback360.topics.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code export}: a scores topic, or the responses themselves, to a file for spreadsheets and notebooks. */
@Command(name = "export", mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.OK_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE},
    description = {"Writes a scores topic (production's or a replay's) to a file: one row per team and cycle, the "
        + "latest committed record (read_committed), teams without responses absent.",
        "With --raw, writes the responses themselves instead: the one that counts per cycle, subject and rater, "
            + "withdrawn ones absent, rater ids as the pseudonyms on the topic.",
        "With --participation, writes the participation of a cycle instead (team-participation-json): one row per "
            + "team and rater group, or the topic's values as JSON lines.",
        "The file is written atomically (a temporary file moved into place)."})
final class ExportCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  KafkaOptions kafka;

  @Option(names = "--topic", paramLabel = "TOPIC",
      description = "Scores topic to export (default: the --scores-topic, team-scores); with --raw the responses "
          + "topic (default: the --responses-topic, survey-responses); with --participation the participation topic "
          + "(default: the one the streams app writes with the same topic options, "
          + Topics.DEFAULT_PARTICIPATION_JSON + ").")
  String topic;

  @Option(names = "--output", paramLabel = "FILE", required = true, description = "File to write.")
  Path output;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "csv (a header row, then one row per team) or jsonl (the JSON contract per line). Default: by "
          + "the extension of --output (.csv or .jsonl; csv for a name without one); any other extension needs "
          + "--format.")
  ExportFormat format;

  @Option(names = "--raw", description = "Export the responses instead of the scores.")
  boolean raw;

  @Option(names = "--participation", description = "Export the participation of --cycle instead of the scores: "
      + "CSV with one row per team and rater group (a team without groups: one row, group empty), or JSON lines as "
      + "in the topic.")
  boolean participation;

  @Option(names = "--cycle", paramLabel = "CYCLE", description = "Only this survey cycle (required with "
      + "--participation).")
  String cycle;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "120s",
      converter = DurationConverter.BareSeconds.class,
      description = {"Give up reading after this long, for example 90s or 5m (default: "
          + "${DEFAULT-VALUE}).", DurationConverter.SECONDS_NOTE})
  Duration timeout;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    ExportFormat chosen = format(output, format);
    if (raw && participation) {
      throw new ParameterException(spec.commandLine(), "--raw and --participation exclude each other: export the "
          + "responses or the participation, one at a time");
    }
    if (participation) {
      if (cycle == null) {
        throw new ParameterException(spec.commandLine(), "--participation needs --cycle: participation is counted "
            + "per survey cycle");
      }
      String source = topic == null ? kafka.topics().participationJson() : topic;
      ParticipationReader.Participation read = new ParticipationReader(kafka.connection(), timeout)
          .readWithCycles(source, cycle, null);
      List<TeamParticipation> teams = read.teams();
      ParticipationExport.write(teams, chosen, output);
      err.println(participationWritten(teams.size(), cycle, source, output.toAbsolutePath(), chosen));
      CycleHint.printIfNoTeams(err, cycle, read.cycles(), "participation",
          source.equals(kafka.topics().participationJson()) ? ParticipationCommand.whyEmpty(source) : null);
    } else if (raw) {
      String source = topic == null ? kafka.responsesTopic : topic;
      ResponsesExport.Result result = ResponsesExport.export(kafka.connection(), source,
          new InputScope(null, cycle), chosen, output, timeout);
      err.printf(Locale.ROOT, "Wrote %,d responses from %s to %s (%s; %,d records read%s).%n",
          result.responsesWritten(), source, output.toAbsolutePath(), chosen, result.recordsRead(),
          result.leftOut() == 0 ? ""
              : String.format(Locale.ROOT, ", %,d left out as the streams app refuses them: %,d not Avro responses,"
                  + " %,d failing its checks, %,d on another partition than their key's", result.leftOut(),
                  result.undecodable(), result.invalid(), result.misplaced()));
      if (cycle != null) {
        KnownCycles.printIfUnknown(err, kafka, cycle, timeout, "",
            "If " + cycle + " is mistyped, the export holds none of its responses.");
      }
    } else {
      String source = topic == null ? kafka.scoresTopic : topic;
      ScoresReader.Scores read = readScores(source);
      List<TeamScores> teams = read.teams();
      ScoresExport.write(teams, chosen, output);
      err.printf(Locale.ROOT, "Wrote %,d teams from %s to %s (%s).%n", teams.size(), source,
          output.toAbsolutePath(), chosen);
      CycleHint.printIfNoTeams(err, cycle, read.cycles(), "scores",
          source.equals(kafka.scoresTopic) ? ScoresCommand.whyEmpty(source) : null);
    }
    err.flush();
    return ExitCodes.OK;
  }

  /**
   * The scores of {@code source}; a topic of responses (read as scores, as when --raw is forgotten) is refused with
   * what to do.
   */
  private ScoresReader.Scores readScores(String source) {
    try {
      return new ScoresReader(kafka.connection(), timeout).readWithCycles(source, cycle);
    } catch (IllegalStateException e) {
      if (holdsResponses(e)) {
        throw new IllegalStateException(e.getMessage() + ". " + source + " holds survey responses, not scores: to "
            + "export the responses add --raw (export --raw --topic " + source + "); to export the scores, leave "
            + "out --topic (" + kafka.scoresTopic + ")", e);
      }
      throw e;
    }
  }

  /** Whether a failure to read scores is a response's key or value where a team's was expected. */
  static boolean holdsResponses(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof AvroSerde.WrongRecordTypeException wrong
          && (wrong.actual().record().equals("ResponseKey") || wrong.actual().record().equals("SurveyResponse"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The format of the export: {@code --format}, else by the extension of {@code --output} ({@code .csv},
   * {@code .jsonl}), else csv for a name without an extension.
   *
   * @throws UsageError for an extension of no format without --format
   */
  static ExportFormat format(Path output, ExportFormat given) {
    if (given != null) {
      return given;
    }
    String name = output.getFileName() == null ? "" : output.getFileName().toString();
    int dot = name.lastIndexOf('.');
    if (dot <= 0) {
      return ExportFormat.csv;
    }
    String extension = name.substring(dot + 1).toLowerCase(Locale.ROOT);
    for (ExportFormat known : ExportFormat.values()) {
      if (known.name().equals(extension)) {
        return known;
      }
    }
    throw new UsageError("--output " + output + ": the extension ." + name.substring(dot + 1) + " is not one of "
        + "the export formats (" + formats() + "); name the file ." + String.join(" or .", formatNames())
        + ", or choose the format with --format " + String.join("|", formatNames()));
  }

  private static List<String> formatNames() {
    return Arrays.stream(ExportFormat.values()).map(Enum::name).toList();
  }

  private static String formats() {
    return String.join(", ", formatNames());
  }

  /** {@code Wrote the participation of 1 team of cycle C from TOPIC to FILE (FORMAT).} */
  static String participationWritten(int teams, String cycle, String source, Path output, ExportFormat format) {
    return String.format(Locale.ROOT, "Wrote the participation of %,d team%s of cycle %s from %s to %s (%s).", teams,
        teams == 1 ? "" : "s", cycle, source, output, format);
  }
}

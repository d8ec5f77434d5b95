package dev.feedback360.cli;

import dev.feedback360.producer.generate.CsvRowWriter;
import dev.feedback360.producer.ingest.ImportSummary;
import dev.feedback360.producer.nudge.NudgeList;
import dev.feedback360.producer.parse.InputRejectedException;
import dev.feedback360.producer.parse.NominationReader;
import dev.feedback360.producer.parse.NominationRow;
import dev.feedback360.producer.validate.NominationValidator;
import dev.feedback360.producer.validate.ValidatedNomination;
import dev.feedback360.streams.read.ResponsesScan;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.topology.InputScope;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nudge}: who has not yet answered their nomination, from HR's own file, on HR's machine. */
@Command(name = "nudge", mixinStandardHelpOptions = true,
    description = {"Prints the rows of a nominations file whose rater has not answered the nomination in the cycle "
        + "yet, with every column of the file (raw ids, e-mail...) in the file's order, on standard output only.",
        "The raw ids never leave this machine: the file is pseudonymised here with the rater key, and the responses "
            + "topic is read (read_committed, to its current end) for the responses that count, by the streams "
            + "app's rules. A nomination is answered when its key has a counted response in the nomination's team "
            + "and rater group.",
        "A group (team, rater group) is at risk when it has nominations but fewer than --min-raters raters with a "
            + "counted response holding a score: it will be left out of the scores unless more answer. A summary of "
            + "the counts goes to standard error."},
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {"0:the list was printed (empty when everyone answered)",
        "1:a configuration error, or Kafka could not be read",
        "2:rows of the file were rejected (listed on standard error); the list covers the other rows. Or a usage "
            + "error (an unknown option, a missing or bad option value): nothing read",
        "4:the file was refused"})
final class NudgeCommand implements Callable<Integer> {

  /** How the list is printed. */
  enum Format { table, csv }

  @Spec
  CommandSpec spec;

  @Mixin
  KafkaOptions kafka;

  @Mixin
  RaterOptions rater;

  @Option(names = "--nominations", paramLabel = "FILE", required = true,
      description = "The nominations file, as given to nominate (CSV with a header, or JSON Lines).")
  Path nominations;

  @Option(names = "--nominations-format", paramLabel = "FORMAT",
      description = "csv or jsonl. Default: from the file extension (.csv, .jsonl, .ndjson).")
  ResponseFileFormat nominationsFormat;

  @Option(names = "--cycle", paramLabel = "CYCLE", required = true, description = "The survey cycle.")
  String cycle;

  @Option(names = "--team", paramLabel = "TEAM", description = "Only this team.")
  String team;

  @Option(names = "--at-risk-only", description = "Only the nominations of groups at risk.")
  boolean atRiskOnly;

  @Option(names = "--min-raters", paramLabel = "K", defaultValue = "" + ScoringConfig.DEFAULT_MIN_RATERS,
      description = "k, the anonymity threshold of the streams app (default: ${DEFAULT-VALUE}, as streams).")
  int minRaters;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "table (aligned columns) or csv (RFC 4180, a header row) (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "120s",
      converter = DurationConverter.BareSeconds.class,
      description = {"Give up reading the responses topic after this long (default: ${DEFAULT-VALUE}).",
          DurationConverter.SECONDS_NOTE})
  Duration timeout;

  @Override
  public Integer call() throws IOException {
    if (minRaters < 1) {
      throw new UsageError("--min-raters must be at least 1, got " + minRaters);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    NominationValidator validator = new NominationValidator(rater.pseudonymiser(), Clock.systemUTC());
    List<NudgeList.Nominated<NominationRow.Row>> nominated = new ArrayList<>();
    Set<String> columns = new LinkedHashSet<>();
    long rejected = 0;
    try (NominationReader reader = NominationReader.open(nominations,
        ResponseFileFormat.of(nominationsFormat, nominations), NominationReader.Use.NOMINATE)) {
      NominationRow read;
      while ((read = reader.next()) != null) {
        ValidatedNomination row = validator.validate(read, NominationReader.Use.NOMINATE);
        if (row instanceof ValidatedNomination.Accepted accepted) {
          NominationRow.Row raw = (NominationRow.Row) read;
          columns.addAll(raw.columns().keySet());
          nominated.add(new NudgeList.Nominated<>(accepted.key(), accepted.value().getTeamId(),
              accepted.value().getRaterGroup(), raw));
        } else {
          ValidatedNomination.Rejected bad = (ValidatedNomination.Rejected) row;
          rejected++;
          err.printf("%s skipped: %s%n", ResponseImport.where(nominations, bad.line()), bad.reason());
        }
      }
    } catch (InputRejectedException e) {
      err.println("File refused: " + e.getMessage());
      err.flush();
      return ImportSummary.EXIT_FILE_REFUSED;
    }
    ResponsesScan scan = ResponsesScan.read(kafka.connection(), kafka.responsesTopic, new InputScope(null, cycle),
        timeout);
    NudgeList.Result<NominationRow.Row> result =
        NudgeList.of(cycle, nominated, scan.counted().counted(), minRaters, team, atRiskOnly);
    List<String> header = List.copyOf(columns);
    List<List<String>> rows = result.notAnswered().stream()
        .map(row -> header.stream().map(column -> row.columns().getOrDefault(column, "")).toList())
        .toList();
    if (format == Format.csv) {
      CsvRowWriter.writeRecord(header, out);
      for (List<String> row : rows) {
        CsvRowWriter.writeRecord(row, out);
      }
    } else if (!rows.isEmpty()) {
      printTable(out, header, rows);
    }
    out.flush();
    printCounts(err, cycle, team, atRiskOnly, minRaters, result);
    printIfNothingNominated(err, cycle, team, nominated);
    if (scan.misplaced() > 0) {
      err.printf(Locale.ROOT, "%,d records on %s are on another partition than their key's: the streams app refuses "
          + "them (its dead-letter topic), so they count here neither; their producer must use Kafka's murmur2 "
          + "partitioner (docs/wire-format.md, Partitioning).%n", scan.misplaced(), kafka.responsesTopic);
    }
    return rejected > 0 ? ImportSummary.EXIT_ROWS_REJECTED : ExitCodes.OK;
  }

  /**
   * The totals over every group (a rater nominated in two groups counts in each), then one line per group.
   */
  static void printCounts(PrintWriter err, String cycle, String team, boolean atRiskOnly, int minRaters,
      NudgeList.Result<?> result) {
    int invited = 0;
    int responded = 0;
    for (NudgeList.Group group : result.groups()) {
      invited += group.invited();
      responded += group.responded();
    }
    int groups = result.groups().size();
    int listed = result.notAnswered().size();
    err.printf("Cycle %s%s: %d rater%s nominated in all, over %d group%s; %d of them answered; %d row%s listed%s.%n",
        cycle, team == null ? "" : ", team " + team, invited, invited == 1 ? "" : "s", groups, groups == 1 ? "" : "s",
        responded, listed, listed == 1 ? "" : "s", atRiskOnly ? " (groups at risk only)" : "");
    for (NudgeList.Group group : result.groups()) {
      err.printf("  %-12s %-13s invited %d, responded %d, counted raters %d of k=%d%s%n", group.teamId(),
          group.group(), group.invited(), group.responded(), group.counted(), minRaters,
          group.atRisk() ? "  AT RISK" : "");
    }
    err.flush();
  }

  /**
   * When the file has no nomination at all in the cycle (or of the team in it), an empty list does not mean that
   * everyone answered: a mistyped {@code --cycle} or {@code --team} is the likelier cause, so a line on stderr names
   * the cycles (or the cycle's teams) the file does nominate in. The empty list and the exit code stand.
   */
  static void printIfNothingNominated(PrintWriter err, String cycle, String team,
      List<? extends NudgeList.Nominated<?>> nominated) {
    Set<String> cycles = new TreeSet<>();
    Set<String> teams = new TreeSet<>();
    for (NudgeList.Nominated<?> nomination : nominated) {
      cycles.add(nomination.key().getCycleId());
      if (nomination.key().getCycleId().equals(cycle)) {
        teams.add(nomination.teamId());
      }
    }
    if (!cycles.contains(cycle)) {
      CycleHint.printIfNoTeams(err, cycle, cycles, "nominations");
    } else if (team != null && !teams.contains(team)) {
      err.println("no nominations of team " + team + " in cycle " + cycle + "; teams with nominations in it: "
          + String.join(", ", teams));
      err.flush();
    }
  }

  /** Columns padded to their widest cell; control characters shown as spaces so a row stays one line. */
  private static void printTable(PrintWriter out, List<String> header, List<List<String>> rows) {
    int[] widths = new int[header.size()];
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    for (List<String> row : all) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], oneLine(row.get(i)).length());
      }
    }
    for (List<String> row : all) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(i == 0 ? "" : "  ").append(String.format("%-" + Math.max(1, widths[i]) + "s", oneLine(row.get(i))));
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private static String oneLine(String text) {
    return text.codePoints().map(c -> Character.isISOControl(c) ? ' ' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
  }
}

package dev.feedback360.cli;

import dev.feedback360.producer.ingest.ImportSummary;
import dev.feedback360.producer.ingest.ProducerSettings;
import dev.feedback360.producer.ingest.ResponseProducer;
import dev.feedback360.producer.ingest.Withdrawal;
import dev.feedback360.producer.parse.InputRejectedException;
import dev.feedback360.producer.parse.WithdrawalReader;
import dev.feedback360.producer.parse.WithdrawalRow;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code withdraw}: erases a rater's response about a subject in a cycle, or every one listed in a file. */
@Command(name = "withdraw", mixinStandardHelpOptions = true,
    description = {"Withdraws a rater's response (right to erasure): sends a tombstone under the pseudonymised key.",
        "The streams app removes it from every score at once; older re-sends never bring it back.",
        "One withdrawal: --cycle, --subject and --rater (the raw id, or - to read it from standard input so it "
            + "stays out of process lists and shell history). Many: --input FILE, a CSV file with the header "
            + "cycle_id,subject_id,rater_id; bad rows are reported with their line and reason, every good row is "
            + "still sent. A row whose rater is its subject withdraws a self-rating."},
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {"0:every withdrawal was sent",
        "1:a configuration error (for example no rater key, or Kafka refusing "
            + "the --command-config credentials or its principal's ACLs)",
        "2:rows of --input were rejected; every good row was sent. Or a usage error (an unknown option, a missing "
            + "or bad option value): nothing sent",
        "3:sending failed (re-running is safe)",
        "4:the --input file was refused (nothing sent)"})
final class WithdrawCommand implements Callable<Integer> {

  /** The value of {@code --rater} that reads the rater id from standard input. */
  static final String FROM_STDIN = "-";

  /** How long to look for the cycles on the scores and participation topics after sending. */
  private static final Duration KNOWN_CYCLES_TIMEOUT = Duration.ofSeconds(30);

  @Spec
  CommandSpec spec;

  @Mixin
  KafkaOptions kafka;

  @Mixin
  RaterOptions rater;

  @Option(names = "--cycle", paramLabel = "CYCLE", description = "Survey cycle (one withdrawal).")
  String cycle;

  @Option(names = "--subject", paramLabel = "SUBJECT", description = "The rated person (one withdrawal).")
  String subject;

  @Option(names = "--rater", paramLabel = "RATER",
      description = "The rater's raw id, as in the export; it is pseudonymised with the rater key before sending. "
          + "'-' reads it from the first line of standard input.")
  String raterId;

  @Option(names = "--input", paramLabel = "FILE",
      description = "A CSV file of withdrawals with the header cycle_id,subject_id,rater_id (any order), one per "
          + "row. Cannot be combined with --cycle, --subject or --rater.")
  Path input;

  @Option(names = "--rejects", paramLabel = "FILE",
      description = "With --input: where rejected rows go, as line and reason only (the rows hold raw rater ids, "
          + "so they are not copied). Default: <input>.rejects.csv.")
  Path rejects;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (input != null) {
      if (cycle != null || subject != null || raterId != null) {
        throw new UsageError("--input cannot be combined with --cycle, --subject or --rater; put the "
            + "withdrawal in the file, or leave out --input");
      }
      return withdrawAll();
    }
    if (rejects != null) {
      throw new UsageError("--rejects goes with --input only: it names the file for the rejected rows of --input FILE");
    }
    if (cycle == null || subject == null || raterId == null) {
      throw new UsageError("withdraw needs --cycle, --subject and --rater (or --rater - to read the "
          + "rater id from standard input), or --input FILE with one withdrawal per row");
    }
    String rawRaterId = FROM_STDIN.equals(raterId) ? readRaterId(System.in) : raterId;
    PrintWriter out = spec.commandLine().getOut();
    Clock clock = Clock.systemUTC();
    try (ResponseProducer producer = new ResponseProducer(settings(), rater.validator(clock), clock)) {
      Withdrawal withdrawal = producer.withdraw(cycle, subject, rawRaterId);
      out.printf("Withdrawal sent at %s to %s partition %d offset %d%n",
          withdrawal.withdrawnAt(), kafka.responsesTopic, withdrawal.partition(), withdrawal.offset());
      out.flush();
    }
    KnownCycles.printIfUnknown(spec.commandLine().getErr(), kafka, cycle, KNOWN_CYCLES_TIMEOUT, "Warning: ",
        "If " + cycle + " is not the cycle id, this withdrawal erased nothing (the tombstone sent is harmless): "
            + "withdraw again with the cycle id as in the export.");
    return ExitCodes.OK;
  }

  /**
   * The cycles the streams app knows, to warn about a withdrawal of a mistyped cycle after sending it: a withdrawal
   * is never refused for its cycle, since erasure must work even before the app has run.
   */
  private Optional<SortedSet<String>> knownCycles(PrintWriter err, String check) throws InterruptedException {
    return KnownCycles.readOrWarn(err, kafka.connection(), kafka.scoresTopic, kafka.topics().participationJson(),
        KNOWN_CYCLES_TIMEOUT, check);
  }

  /**
   * The one line on stderr after {@code --input} when rows name cycles the streams app does not know, or null: how
   * many rows, which cycles, and the cycles there are.
   *
   * @param rowsByCycle the well-formed rows of the file, counted by cycle id
   */
  static String unknownCyclesOfRows(Map<String, Long> rowsByCycle, Collection<String> known, String scoresTopic,
      String participationTopic) {
    SortedSet<String> unknown = new TreeSet<>(rowsByCycle.keySet());
    unknown.removeAll(known);
    if (unknown.isEmpty()) {
      return null;
    }
    long rows = unknown.stream().mapToLong(rowsByCycle::get).sum();
    return "Warning: " + rows + (rows == 1 ? " row names a cycle" : " rows name cycles") + " with no team on "
        + scoresTopic + " or " + participationTopic + " (" + String.join(", ", unknown) + "); "
        + CycleHint.knownThere(known) + ". If a cycle id is wrong, its rows erased nothing (the "
        + "tombstones sent are harmless): correct cycle_id and withdraw those rows again.";
  }

  /** The well-formed rows of a withdrawals file that was sent, counted by cycle id. */
  private static Map<String, Long> rowsByCycle(Path file) throws IOException {
    Map<String, Long> rows = new TreeMap<>();
    try (WithdrawalReader reader = WithdrawalReader.open(file)) {
      for (WithdrawalRow row = reader.next(); row != null; row = reader.next()) {
        if (row instanceof WithdrawalRow.Row valid) {
          rows.merge(valid.cycleId(), 1L, Long::sum);
        }
      }
    } catch (InputRejectedException e) {
      // It was accepted moments ago, when its rows were sent: it changed since.
      throw new IllegalStateException("The withdrawals were sent, but " + file + " could not be read again to check "
          + "their cycles (" + e.getMessage() + "); was it changed meanwhile?", e);
    }
    return rows;
  }

  private int withdrawAll() throws IOException, InterruptedException {
    Path rejectsFile = rejects == null ? ResponseProducer.defaultRejectsFile(input) : rejects;
    PrintWriter err = spec.commandLine().getErr();
    Clock clock = Clock.systemUTC();
    ImportSummary summary;
    try (ResponseProducer producer = new ResponseProducer(settings(), rater.validator(clock), clock)) {
      summary = producer.withdrawAll(input, rejectsFile, ResponseImport.progress(err));
    }
    ResponseImport.printSummary(spec.commandLine().getOut(), summary, input, rejectsFile);
    ResponseImport.printAccessRefusal(err, summary, "withdraw", kafka.commandConfig,
        kafka.bootstrapServers());
    if (summary.sent() > 0) {
      Map<String, Long> rows = rowsByCycle(input);
      String unknown = knownCycles(err, "the cycles of " + input).map(known -> unknownCyclesOfRows(rows, known,
          kafka.scoresTopic, kafka.topics().participationJson())).orElse(null);
      if (unknown != null) {
        err.println(unknown);
        err.flush();
      }
    }
    return summary.exitCode();
  }

  private ProducerSettings settings() {
    return ResponseImport.settings(kafka);
  }

  /**
   * The rater id given on standard input: its first line without the line break. Anything after that line is
   * refused, so a file of several ids is not half-used.
   */
  static String readRaterId(InputStream stdin) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
    String line = reader.readLine();
    if (line == null || line.isEmpty()) {
      throw new IllegalArgumentException("--rater - reads the rater id from standard input, but it was empty; "
          + "pipe the id in, for example: printf '%s\\n' \"$RATER\" | ./feedback360 withdraw ... --rater -");
    }
    String next;
    while ((next = reader.readLine()) != null) {
      if (!next.isBlank()) {
        throw new IllegalArgumentException("--rater - reads one rater id from standard input, but it holds more "
            + "than one line; to withdraw several responses use --input FILE");
      }
    }
    return line;
  }
}

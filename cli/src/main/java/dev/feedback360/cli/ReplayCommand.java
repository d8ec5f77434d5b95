package dev.feedback360.cli;

import dev.feedback360.streams.replay.FastReplay;
import dev.feedback360.streams.replay.Replay;
import dev.feedback360.streams.replay.ReplayListener;
import dev.feedback360.streams.replay.ReplayProgress;
import dev.feedback360.streams.replay.ReplayRequest;
import dev.feedback360.streams.replay.ReplaySafety;
import dev.feedback360.streams.replay.ReplaySummary;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.topology.InputScope;
import dev.feedback360.streams.topology.Roster;
import dev.feedback360.topics.TopicProvisioner;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code replay}: rebuilds scores from the responses topic into a topic of the analyst's own. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.OK_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE},
    description = {"Runs the production topology over the responses topic from the beginning, under a fresh "
        + "application id, into --output (JSON mirror in OUTPUT-json, dead letters in OUTPUT-dlq); never writes to "
        + "production's topics.",
        "Stops by itself once it has processed the input up to its end offsets at the start, prints a summary, "
            + "and removes its internal topics, consumer group and local state unless --keep.",
        "Progress goes to stderr, the summary to stdout."})
final class ReplayCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(ReplayCommand.class);

  /** How long to look for production's k and N in its scores topic. */
  private static final Duration PRODUCTION_RULE_TIMEOUT = Duration.ofSeconds(10);

  /** The replay library's refusal of an output that holds records; group 1 is the topic. */
  private static final Pattern OUTPUT_NOT_EMPTY = Pattern.compile("^The output topic (\\S+) already holds records");

  /** What the replay library's timeout says to do, which alone is refused (the outputs hold records). */
  private static final String RETRY = "Retry with a longer timeout";

  @Spec
  CommandSpec spec;

  @Mixin
  KafkaOptions kafka;

  @Option(names = "--output", paramLabel = "TOPIC", required = true,
      description = "Topic for the replay's Avro scores; must be new or empty and not a production topic.")
  String output;

  @Option(names = "--as-of", paramLabel = "INSTANT", converter = InstantConverter.class,
      description = "Count only responses submitted at or before this ISO-8601 instant (2026-06-30T23:59:59Z or "
          + "with an offset); withdrawals always apply.")
  Instant asOf;

  @Option(names = "--cycle", paramLabel = "CYCLE", description = "Count only this survey cycle.")
  String cycle;

  @Mixin
  PublicationOptions publication;

  @Option(names = "--roster", paramLabel = "open|strict", defaultValue = "open", converter = RosterConverter.class,
      description = {"The roster of the app whose scores are replayed. " + RosterConverter.DESCRIPTION,
          "The nominations topic is read like the responses (as it stood at the start; --as-of applies to "
              + "nominatedAt, else the record time)."})
  Roster roster;

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "topology",
      description = {"topology (default): run the production topology itself under a fresh application id, "
          + "writing every intermediate record as production does; fast: fold the input through the same rules in "
          + "memory and write only each team's final record, in one transaction (docs/replay.md, \"Fast replay\"). "
          + "The final record per team is the same either way for the same order of the input (one partition, or "
          + "--min-change 1); over several partitions with N > 1, any two runs may differ by the batches still "
          + "pending (docs/replay.md, \"What is the same\"). --keep and --state-dir apply to topology only."})
  Mode mode;

  /** How a replay runs. */
  enum Mode {
    topology, fast
  }

  @Option(names = "--keep", description = "Keep the replay's internal topics, consumer group and local state.")
  boolean keep;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Where the replay keeps its local state (default: a new temporary directory).")
  Path stateDir;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60m",
      converter = DurationConverter.BareMinutes.class,
      description = {"Give up when the replay has not caught up after this long, for example 90m or 2h (default: "
          + "${DEFAULT-VALUE}).", DurationConverter.MINUTES_NOTE})
  Duration timeout;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (mode == Mode.fast && roster == Roster.STRICT) {
      throw new ParameterException(spec.commandLine(), "--mode fast folds the open roster only (it reads no "
          + "nominations and writes no participation): replay a strict-roster app with --mode topology");
    }
    boolean replicationFactorGiven = spec.commandLine().getParseResult().hasMatchedOption("--replication-factor");
    ReplayRequest request = request(outputSettings(kafka.topicSettings(), replicationFactorGiven,
        replicationFactorGiven ? 0 : inputReplicationFactor()));
    if (request.topicSettings().replicationFactor() != kafka.topicSettings().replicationFactor()) {
      err.printf(Locale.ROOT, "Output topics are created with replication factor %d, as %s has "
          + "(--replication-factor to choose).%n", request.topicSettings().replicationFactor(), kafka.responsesTopic);
      err.flush();
    }
    String advice = ReplaySafety.assess(request,
        ReplaySafety.productionRule(kafka.connection(), kafka.scoresTopic, PRODUCTION_RULE_TIMEOUT)).advice();
    err.println(advice);
    err.flush();
    ReplaySummary summary;
    try {
      summary = mode == Mode.fast
          ? new FastReplay(request, new ProgressPrinter(err, request, mode)).run()
          : new Replay(request, new ProgressPrinter(err, request, mode)).run();
    } catch (IllegalArgumentException e) {
      throw refusal(e, request, mode, kafka.commandConfig);
    } catch (IllegalStateException e) {
      throw timedOut(e, request, mode, kafka.commandConfig);
    }
    out.printf(Locale.ROOT, "Replay %s done in %.1f s: %,d responses read%s, %,d teams written to %s "
        + "(%,d published, k = %d)%s.%n",
        summary.applicationId(), summary.elapsed().toMillis() / 1000.0, summary.responsesRead(),
        summary.unreadOffsets() == 0 ? ""
            : String.format(Locale.ROOT, " (%,d more offsets of %s held none: compacted, or transaction markers)",
                summary.unreadOffsets(), kafka.responsesTopic),
        summary.teamsWritten(), summary.outputTopic(), summary.teamsPublished(), publication.minRaters,
        summary.deadLetters() == 0 ? ""
            : String.format(Locale.ROOT, "; %,d unusable records in %s", summary.deadLetters(),
                request.outputDeadLetterTopic()));
    if (mode == Mode.fast) {
      out.println("Nothing to remove: a fast replay has no internal topics, consumer group or local state.");
    } else if (keep) {
      out.printf("Kept: consumer group %s, internal topics %s-*, local state in %s.%n", summary.applicationId(),
          summary.applicationId(), summary.keptStateDir());
    } else {
      out.printf("Removed: internal topics %s, consumer group %s, local state.%n", summary.removedTopics(),
          summary.applicationId());
    }
    out.printf("Export it: ./feedback360 export --bootstrap-servers %s --topic %s --output scores.csv%n",
        kafka.bootstrapServers(), summary.outputTopic());
    out.println(advice);
    if (cycle != null && summary.teamsWritten() == 0) {
      KnownCycles.printIfUnknown(err, kafka, cycle, PRODUCTION_RULE_TIMEOUT, "",
          "If " + cycle + " is mistyped, this replay counted none of its responses.");
    }
    String history = summary.historyWarning(asOf, kafka.responsesTopic);
    if (history != null) {
      out.println(history);
      err.println(history);
      err.flush();
    }
    out.flush();
    return ExitCodes.OK;
  }

  /**
   * The request. The replay library names what it refuses (the output topic, the timeout) but not the options that
   * set them: those are added here.
   */
  private ReplayRequest request(TopicSettings topicSettings) {
    ScoringConfig scoring = publication.scoring();
    try {
      Topics topics = kafka.topics();
      return new ReplayRequest(kafka.connection(), kafka.responsesTopic, output,
          Set.of(kafka.scoresTopic, kafka.scoresJsonTopic, kafka.deadLetterTopic, topics.participationJson()),
          new InputScope(asOf, cycle), scoring, topicSettings, stateDir, keep, timeout,
          topics.nominations(), roster);
    } catch (IllegalArgumentException e) {
      String option = e.getMessage() != null && e.getMessage().contains("timeout") ? "--timeout" : "--output";
      throw new UsageError(e.getMessage() + " (" + option + ")", e);
    }
  }

  /**
   * The settings of the topics a replay creates: without {@code --replication-factor}, as replicated as the responses
   * topic where that is more (a replay on a three-broker cluster would otherwise create outputs of one replica).
   *
   * @param inputReplicationFactor the responses topic's, or 0 when unknown (the topic missing: the replay refuses)
   */
  static TopicSettings outputSettings(TopicSettings given, boolean replicationFactorGiven,
      short inputReplicationFactor) {
    if (replicationFactorGiven || inputReplicationFactor <= given.replicationFactor()) {
      return given;
    }
    return new TopicSettings(given.partitions(), inputReplicationFactor, given.compaction());
  }

  /** The responses topic's replication factor, or 0 when it cannot be read (the replay then says why). */
  private short inputReplicationFactor() {
    Admin admin = kafka.connection().admin();
    try {
      return TopicProvisioner.replicationFactor(admin, kafka.responsesTopic, PRODUCTION_RULE_TIMEOUT);
    } catch (IllegalStateException e) {
      // Missing, not described or no answer: the replay's own checks refuse it and say why.
      LOG.debug("Cannot read the replication factor of {}; the replay's checks say why", kafka.responsesTopic, e);
      return 0;
    } finally {
      // Without a wait: a plain close waits for a call that timed out (default.api.timeout.ms, 60 s).
      admin.close(Duration.ZERO);
    }
  }

  /** The output topics a replay in {@code mode} writes (and creates when missing). */
  static List<String> outputTopics(ReplayRequest request, Mode mode) {
    List<String> topics = new ArrayList<>(List.of(request.outputTopic(), request.outputJsonTopic(),
        request.outputDeadLetterTopic()));
    if (mode == Mode.topology) {
      topics.add(request.outputParticipationTopic());
    }
    return topics;
  }

  /**
   * The replay library's refusal of an output that holds records, with the topics to delete named per mode (a fast
   * replay never writes the participation topic) and how; any other refusal as it is.
   */
  static RuntimeException refusal(IllegalArgumentException refused, ReplayRequest request, Mode mode,
      Path commandConfig) {
    Matcher matcher = refused.getMessage() == null ? null : OUTPUT_NOT_EMPTY.matcher(refused.getMessage());
    if (matcher == null || !matcher.find()) {
      return refused;
    }
    Set<String> topics = new LinkedHashSet<>(outputTopics(request, mode));
    topics.add(matcher.group(1));
    return reworded(refused, new IllegalArgumentException("The output topic " + matcher.group(1) + " already holds "
        + "records (an earlier replay?); a replay must start from an empty output. Replay into a new --output, or "
        + "delete " + String.join(", ", topics) + " first: "
        + deleteCommand(request.bootstrapServers(), topics, commandConfig), refused.getCause()));
  }

  /**
   * The replay library's timeout, which says to retry with a longer one, with what makes a retry work: the replay
   * created its output topics and wrote to them, and a replay refuses an output that holds records.
   */
  static RuntimeException timedOut(IllegalStateException failure, ReplayRequest request, Mode mode,
      Path commandConfig) {
    String message = failure.getMessage();
    if (message == null || !message.contains(RETRY)) {
      return failure;
    }
    List<String> topics = outputTopics(request, mode);
    return reworded(failure, new IllegalStateException(message.replace(RETRY, "").strip() + " A retry into the "
        + "same --output is refused: this replay created " + String.join(", ", topics) + " and may have written to "
        + "them. Retry with a longer --timeout and a new --output, or delete those topics first: "
        + deleteCommand(request.bootstrapServers(), topics, commandConfig), failure.getCause()));
  }

  /**
   * {@code reworded}, the library's failure in the cli's words, with the failure's own stack trace and cause, so
   * that the debug log shows where it happened and the message is said once.
   */
  private static RuntimeException reworded(RuntimeException failure, RuntimeException reworded) {
    reworded.setStackTrace(failure.getStackTrace());
    return reworded;
  }

  /** Kafka's own tool deleting {@code topics}: {@code kafka-topics.sh --bootstrap-server S --delete --topic 'a|b'}. */
  static String deleteCommand(String bootstrapServers, Collection<String> topics, Path commandConfig) {
    return "kafka-topics.sh --bootstrap-server " + bootstrapServers
        + (commandConfig == null ? "" : " --command-config " + commandConfig) + " --delete --topic '"
        + topics.stream().map(t -> t.replace(".", "\\.")).collect(Collectors.joining("|")) + "'";
  }

  /**
   * {@code Replaying R and N (O offsets up to their current end)}: the topics the replay reads, so without the
   * nominations in fast mode, which reads none.
   */
  static String replaying(ReplayRequest request, Mode mode, long inputOffsets) {
    return String.format(Locale.ROOT, "Replaying %s (%,d offsets up to %s current end)",
        mode == Mode.fast ? request.responsesTopic() : request.responsesTopic() + " and " + request.nominationsTopic(),
        inputOffsets, mode == Mode.fast ? "its" : "their");
  }

  /** Prints progress lines on stderr. */
  private static final class ProgressPrinter implements ReplayListener {

    private final PrintWriter err;
    private final ReplayRequest request;
    private final Mode mode;

    ProgressPrinter(PrintWriter err, ReplayRequest request, Mode mode) {
      this.err = err;
      this.request = request;
      this.mode = mode;
    }

    @Override
    public void started(String applicationId, long inputOffsets) {
      err.printf(Locale.ROOT, "%s into %s as %s: as of %s, cycle %s, k = %d, N = %d, sd %s, roster %s%n",
          replaying(request, mode, inputOffsets), request.outputTopic(), applicationId,
          request.asOf() == null ? "now" : request.asOf(),
          request.scope().cycle() == null ? "all" : request.scope().cycle(), request.scoring().minRaters(),
          request.scoring().minChange(), request.scoring().withholdsSd() ? "withheld" : "published",
          request.roster().optionName());
      err.flush();
    }

    @Override
    public void progress(ReplayProgress progress) {
      err.printf(Locale.ROOT, "  %3d%%  %,d of %,d input offsets%s, %d s%n", progress.percent(),
          progress.committed(), progress.total(), progress.draining() ? ", finishing the team aggregates" : "",
          progress.elapsed().toSeconds());
      err.flush();
    }
  }
}

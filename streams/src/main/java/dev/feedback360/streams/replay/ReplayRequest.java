package dev.feedback360.streams.replay;

import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.topology.InputScope;
import dev.feedback360.streams.topology.Roster;
import dev.feedback360.topics.KafkaConnection;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an analyst's replay runs, validated once: the production topology over the responses topic, under its own
 * application id, into topics of its own.
 *
 * @param kafka where Kafka is, and the client properties every client of the replay gets
 * @param responsesTopic the input, read from the beginning
 * @param outputTopic where the replay writes Avro team scores; its JSON mirror goes to {@link #outputJsonTopic()}
 *     and its dead letters to {@link #outputDeadLetterTopic()}
 * @param protectedTopics topics a replay must never write to (production's outputs and input)
 * @param scope which input counts (as-of instant, cycle)
 * @param scoring the anonymity threshold of the replay
 * @param topicSettings partitions and replication factor of the replay's output topics
 * @param stateDir where local state goes; null = a new temporary directory
 * @param keep keep the internal topics, consumer group and local state after the run
 * @param timeout give up when the replay has not caught up within this time
 * @param nominationsTopic the nominations, read from the beginning like the responses (the scope's as-of instant
 *     applies to their event time): the roster as it stood
 * @param roster the roster of the app whose scores are replayed (open by default)
 */
public record ReplayRequest(KafkaConnection kafka, String responsesTopic, String outputTopic,
    Set<String> protectedTopics, InputScope scope, ScoringConfig scoring, TopicSettings topicSettings, Path stateDir,
    boolean keep, Duration timeout, String nominationsTopic, Roster roster) {

  /** Suffix of the JSON mirror topic of a replay. */
  public static final String JSON_SUFFIX = "-json";
  /** Suffix of the participation JSON topic of a replay. */
  public static final String PARTICIPATION_SUFFIX = "-participation";
  /** Suffix of the dead-letter topic of a replay. */
  public static final String DEAD_LETTER_SUFFIX = "-dlq";
  /** Prefix of every replay's application id. */
  public static final String APPLICATION_ID_PREFIX = "feedback360-replay-";

  public ReplayRequest {
    Objects.requireNonNull(kafka, "the Kafka bootstrap servers are required");
    Objects.requireNonNull(responsesTopic, "the responses topic is required");
    Objects.requireNonNull(outputTopic, "the output topic is required");
    Objects.requireNonNull(scope, "the input scope is required");
    Objects.requireNonNull(scoring, "the scoring config is required");
    Objects.requireNonNull(topicSettings, "topic settings are required");
    Objects.requireNonNull(timeout, "the timeout is required");
    Objects.requireNonNull(nominationsTopic, "the nominations topic is required");
    Objects.requireNonNull(roster, "the roster is required");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("The replay timeout must be positive, got " + timeout);
    }
    Set<String> guarded = new TreeSet<>(protectedTopics == null ? Set.of() : protectedTopics);
    guarded.addAll(Topics.defaults().all());
    guarded.add(responsesTopic);
    guarded.add(nominationsTopic);
    protectedTopics = Set.copyOf(guarded);
    for (String written : Set.of(outputTopic, outputTopic + JSON_SUFFIX, outputTopic + DEAD_LETTER_SUFFIX,
        outputTopic + PARTICIPATION_SUFFIX)) {
      if (protectedTopics.contains(written)) {
        throw new IllegalArgumentException("A replay never writes to the production topic " + written
            + " (a replay into " + outputTopic + " writes " + outputTopic + ", " + outputTopic + JSON_SUFFIX + " and "
            + outputTopic + DEAD_LETTER_SUFFIX + "); choose another output topic, for example " + outputTopic
            + "-replay");
      }
    }
    if (outputTopic.startsWith(APPLICATION_ID_PREFIX)) {
      throw new IllegalArgumentException("The output topic " + outputTopic + " starts with " + APPLICATION_ID_PREFIX
          + ", the prefix of replays' internal topics, which replays delete; choose another name");
    }
    topics(responsesTopic, outputTopic, nominationsTopic);
  }

  /** A replay of an open-roster app reading the nominations topic named after the responses topic. */
  public ReplayRequest(KafkaConnection kafka, String responsesTopic, String outputTopic, Set<String> protectedTopics,
      InputScope scope, ScoringConfig scoring, TopicSettings topicSettings, Path stateDir, boolean keep,
      Duration timeout) {
    this(kafka, responsesTopic, outputTopic, protectedTopics, scope, scoring, topicSettings, stateDir, keep, timeout,
        defaultNominations(responsesTopic), Roster.OPEN);
  }

  /**
   * The nominations topic next to a responses topic: {@value Topics#DEFAULT_NOMINATIONS} next to the default
   * responses topic, {@code <responses>-nominations} otherwise (as {@link Topics} derives it).
   */
  public static String defaultNominations(String responsesTopic) {
    return responsesTopic.equals(Topics.DEFAULT_RESPONSES) ? Topics.DEFAULT_NOMINATIONS
        : responsesTopic + "-nominations";
  }

  /** A replay on a PLAINTEXT cluster without client properties. */
  public ReplayRequest(String bootstrapServers, String responsesTopic, String outputTopic,
      Set<String> protectedTopics, InputScope scope, ScoringConfig scoring, TopicSettings topicSettings, Path stateDir,
      boolean keep, Duration timeout) {
    this(KafkaConnection.plaintext(bootstrapServers), responsesTopic, outputTopic, protectedTopics, scope, scoring,
        topicSettings, stateDir, keep, timeout, defaultNominations(responsesTopic), Roster.OPEN);
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** Topic names the replay's app uses: the real input, and outputs of its own. */
  public Topics topics() {
    return topics(responsesTopic, outputTopic, nominationsTopic);
  }

  /** The replay's participation JSON. */
  public String outputParticipationTopic() {
    return outputTopic + PARTICIPATION_SUFFIX;
  }

  /** The same request under another roster, reading nominations from {@code nominations}. */
  public ReplayRequest withRoster(Roster other, String nominations) {
    return new ReplayRequest(kafka, responsesTopic, outputTopic, protectedTopics, scope, scoring, topicSettings,
        stateDir, keep, timeout, nominations, other);
  }

  /** The JSON mirror of the output. */
  public String outputJsonTopic() {
    return outputTopic + JSON_SUFFIX;
  }

  /** Where the replay's dead letters go (never production's dead-letter topic). */
  public String outputDeadLetterTopic() {
    return outputTopic + DEAD_LETTER_SUFFIX;
  }

  /** The same request with its local state in {@code dir}. */
  public ReplayRequest withStateDir(Path dir) {
    return new ReplayRequest(kafka, responsesTopic, outputTopic, protectedTopics, scope, scoring,
        topicSettings, dir, keep, timeout, nominationsTopic, roster);
  }

  /** The as-of instant, or null. */
  public Instant asOf() {
    return scope.asOf();
  }

  private static Topics topics(String responses, String output, String nominations) {
    return new Topics(responses, output, output + JSON_SUFFIX, output + DEAD_LETTER_SUFFIX, nominations,
        output + PARTICIPATION_SUFFIX);
  }
}

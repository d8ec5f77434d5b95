package dev.feedback360.cli;

import dev.feedback360.topics.KafkaConnection;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * Where Kafka is, how to connect (client properties from --command-config) and which topics to use; shared by every
 * command that talks to Kafka.
 */
final class KafkaOptions {

  static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

  static final String BOOTSTRAP_ENV = "FEEDBACK360_BOOTSTRAP_SERVERS";
  static final String COMMAND_CONFIG_ENV = "FEEDBACK360_KAFKA_CONFIG";
  /** Where a hint names the streams principal's client properties file, which this command cannot know. */
  static final String STREAMS_CLIENT_PROPERTIES = "STREAMS_CLIENT_PROPERTIES";

  private static final Logger LOG = LoggerFactory.getLogger(KafkaOptions.class);

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,HOST:PORT]",
      description = "Kafka bootstrap servers (default: $" + BOOTSTRAP_ENV + ", else bootstrap.servers of the "
          + "--command-config file, else " + DEFAULT_BOOTSTRAP + ", the port of ./feedback360 broker).")
  String bootstrapServers;

  @Option(names = "--command-config", paramLabel = "FILE", defaultValue = "${env:" + COMMAND_CONFIG_ENV + "}",
      description = "Kafka client properties for every client of the command (security.protocol, sasl.*, ssl.*: "
          + "Kafka's own tools' convention), so that no secret is ever on the command line (default: $"
          + COMMAND_CONFIG_ENV + "; ./feedback360 broker --secure writes one per principal).")
  Path commandConfig;

  private KafkaConnection connection;

  @Option(names = "--responses-topic", paramLabel = "TOPIC", defaultValue = Topics.DEFAULT_RESPONSES,
      description = "Survey responses topic (default: ${DEFAULT-VALUE}).")
  String responsesTopic;

  @Option(names = "--scores-topic", paramLabel = "TOPIC", defaultValue = Topics.DEFAULT_SCORES,
      description = "Team scores topic (default: ${DEFAULT-VALUE}).")
  String scoresTopic;

  @Option(names = "--scores-json-topic", paramLabel = "TOPIC", defaultValue = Topics.DEFAULT_SCORES_JSON,
      description = "Team scores as JSON, for tools without Avro (default: ${DEFAULT-VALUE}).")
  String scoresJsonTopic;

  @Option(names = "--dlq-topic", paramLabel = "TOPIC", defaultValue = Topics.DEFAULT_DEAD_LETTERS,
      description = "Dead-letter topic for records the streams app cannot use (default: ${DEFAULT-VALUE}).")
  String deadLetterTopic;

  @Option(names = "--nominations-topic", paramLabel = "TOPIC",
      description = "Nominations topic, partitioned like the responses topic (default: " + Topics.DEFAULT_NOMINATIONS
          + " with the default responses topic, else RESPONSES_TOPIC-nominations).")
  String nominationsTopic;

  @Option(names = "--participation-json-topic", paramLabel = "TOPIC",
      description = "Participation per team as JSON (default: " + Topics.DEFAULT_PARTICIPATION_JSON + " with the "
          + "default JSON scores topic, else SCORES_JSON_TOPIC-participation).")
  String participationJsonTopic;

  @Option(names = "--partitions", paramLabel = "N", defaultValue = "" + TopicSettings.DEFAULT_PARTITIONS,
      description = "Partitions of topics created when missing (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--replication-factor", paramLabel = "N",
      defaultValue = "" + TopicSettings.DEFAULT_REPLICATION_FACTOR,
      description = "Replication factor of topics created when missing (default: ${DEFAULT-VALUE}; 3 in production).")
  short replicationFactor;

  /** Default topics and settings against the given bootstrap servers (for commands that run their own broker). */
  static KafkaOptions defaults(String bootstrapServers) {
    return defaults(KafkaConnection.plaintext(bootstrapServers), null);
  }

  /** Default topics and settings for a connection (for commands that run their own broker). */
  static KafkaOptions defaults(KafkaConnection connection, Path commandConfig) {
    KafkaOptions options = new KafkaOptions();
    options.bootstrapServers = connection.bootstrapServers();
    options.connection = connection;
    options.commandConfig = commandConfig;
    options.responsesTopic = Topics.DEFAULT_RESPONSES;
    options.scoresTopic = Topics.DEFAULT_SCORES;
    options.scoresJsonTopic = Topics.DEFAULT_SCORES_JSON;
    options.deadLetterTopic = Topics.DEFAULT_DEAD_LETTERS;
    options.partitions = TopicSettings.DEFAULT_PARTITIONS;
    options.replicationFactor = TopicSettings.DEFAULT_REPLICATION_FACTOR;
    return options;
  }

  /**
   * How this command reaches Kafka, read once; the effective configuration is logged with its secrets masked.
   *
   * @throws java.io.UncheckedIOException when the --command-config file cannot be read
   */
  KafkaConnection connection() {
    if (connection == null) {
      String explicit = bootstrapServers != null ? bootstrapServers : System.getenv(BOOTSTRAP_ENV);
      if (explicit != null && explicit.isBlank()) {
        explicit = null;
      }
      connection = commandConfig == null
          ? KafkaConnection.plaintext(explicit == null ? DEFAULT_BOOTSTRAP : explicit)
          : KafkaConnection.load(explicit, DEFAULT_BOOTSTRAP, commandConfig);
      LOG.info("Kafka: {}{}", connection.describe(),
          commandConfig == null ? "" : " (client properties from " + commandConfig + ")");
    }
    return connection;
  }

  /** The bootstrap servers in use. */
  String bootstrapServers() {
    return connection().bootstrapServers();
  }

  /**
   * These options as command-line arguments for a hint that another command should run with: the bootstrap servers
   * always, the topic names where they are not the defaults.
   */
  String asArguments() {
    return asArguments(commandConfig == null ? null : commandConfig.toString());
  }

  /**
   * As {@link #asArguments}, but where this command was given a --command-config, a placeholder for the streams
   * principal's file instead: the hint after a command the cluster's administrator runs (reset), whose file the
   * streams app must not run with (docs/security.md, least privilege).
   */
  String asArgumentsForTheStreamsApp() {
    return asArguments(commandConfig == null ? null : STREAMS_CLIENT_PROPERTIES);
  }

  private String asArguments(String commandConfigArgument) {
    StringBuilder args = new StringBuilder("--bootstrap-servers ").append(bootstrapServers());
    if (commandConfigArgument != null) {
      args.append(" --command-config ").append(commandConfigArgument);
    }
    Topics defaults = Topics.defaults();
    appendIfNot(args, "--responses-topic", responsesTopic, defaults.responses());
    appendIfNot(args, "--scores-topic", scoresTopic, defaults.scores());
    appendIfNot(args, "--scores-json-topic", scoresJsonTopic, defaults.scoresJson());
    appendIfNot(args, "--dlq-topic", deadLetterTopic, defaults.deadLetters());
    Topics topics = topics();
    Topics derived = derivedOrDefault(new Topics(responsesTopic, scoresTopic, scoresJsonTopic, deadLetterTopic));
    appendIfNot(args, "--nominations-topic", topics.nominations(), derived.nominations());
    appendIfNot(args, "--participation-json-topic", topics.participationJson(), derived.participationJson());
    return args.toString();
  }

  private static void appendIfNot(StringBuilder args, String option, String value, String defaultValue) {
    if (!value.equals(defaultValue)) {
      args.append(' ').append(option).append(' ').append(value);
    }
  }

  /**
   * The topic names. Unless given, the nominations and participation topics are the defaults next to the default
   * responses and JSON scores topics, and named after them otherwise ({@code <responses>-nominations},
   * {@code <scoresJson>-participation}), so that a run with topics of its own gets its own of these too.
   */
  Topics topics() {
    Topics derived = derivedOrDefault(new Topics(responsesTopic, scoresTopic, scoresJsonTopic, deadLetterTopic));
    return new Topics(responsesTopic, scoresTopic, scoresJsonTopic, deadLetterTopic,
        nominationsTopic != null ? nominationsTopic : derived.nominations(),
        participationJsonTopic != null ? participationJsonTopic : derived.participationJson());
  }

  private static Topics derivedOrDefault(Topics derived) {
    Topics defaults = Topics.defaults();
    return new Topics(derived.responses(), derived.scores(), derived.scoresJson(), derived.deadLetters(),
        derived.responses().equals(defaults.responses()) ? defaults.nominations() : derived.nominations(),
        derived.scoresJson().equals(defaults.scoresJson()) ? defaults.participationJson()
            : derived.participationJson());
  }

  TopicSettings topicSettings() {
    return new TopicSettings(partitions, replicationFactor);
  }
}

package dev.feedback360.cli;

import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import picocli.CommandLine.Option;

/** Where Kafka is and which topics to use; shared by every command that talks to Kafka. */
final class KafkaOptions {

  static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,HOST:PORT]",
      defaultValue = "${env:FEEDBACK360_BOOTSTRAP_SERVERS:-" + DEFAULT_BOOTSTRAP + "}",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}; the FEEDBACK360_BOOTSTRAP_SERVERS "
          + "environment variable changes it; " + DEFAULT_BOOTSTRAP + " is the port of ./feedback360 broker).")
  String bootstrapServers;

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

  @Option(names = "--partitions", paramLabel = "N", defaultValue = "" + TopicSettings.DEFAULT_PARTITIONS,
      description = "Partitions of topics created when missing (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--replication-factor", paramLabel = "N",
      defaultValue = "" + TopicSettings.DEFAULT_REPLICATION_FACTOR,
      description = "Replication factor of topics created when missing (default: ${DEFAULT-VALUE}; 3 in production).")
  short replicationFactor;

  /** Default topics and settings against the given bootstrap servers (for commands that run their own broker). */
  static KafkaOptions defaults(String bootstrapServers) {
    KafkaOptions options = new KafkaOptions();
    options.bootstrapServers = bootstrapServers;
    options.responsesTopic = Topics.DEFAULT_RESPONSES;
    options.scoresTopic = Topics.DEFAULT_SCORES;
    options.scoresJsonTopic = Topics.DEFAULT_SCORES_JSON;
    options.deadLetterTopic = Topics.DEFAULT_DEAD_LETTERS;
    options.partitions = TopicSettings.DEFAULT_PARTITIONS;
    options.replicationFactor = TopicSettings.DEFAULT_REPLICATION_FACTOR;
    return options;
  }

  /**
   * These options as command-line arguments for a hint that another command should run with: the bootstrap servers
   * always, the topic names where they are not the defaults.
   */
  String asArguments() {
    StringBuilder args = new StringBuilder("--bootstrap-servers ").append(bootstrapServers);
    Topics defaults = Topics.defaults();
    appendIfNot(args, "--responses-topic", responsesTopic, defaults.responses());
    appendIfNot(args, "--scores-topic", scoresTopic, defaults.scores());
    appendIfNot(args, "--scores-json-topic", scoresJsonTopic, defaults.scoresJson());
    appendIfNot(args, "--dlq-topic", deadLetterTopic, defaults.deadLetters());
    return args.toString();
  }

  private static void appendIfNot(StringBuilder args, String option, String value, String defaultValue) {
    if (!value.equals(defaultValue)) {
      args.append(' ').append(option).append(' ').append(value);
    }
  }

  Topics topics() {
    return new Topics(responsesTopic, scoresTopic, scoresJsonTopic, deadLetterTopic);
  }

  TopicSettings topicSettings() {
    return new TopicSettings(partitions, replicationFactor);
  }
}

package dev.feedback360.streams.app;

import dev.feedback360.streams.errors.DeadLetterProcessingExceptionHandler;
import dev.feedback360.streams.errors.FailClosedProductionExceptionHandler;
import dev.feedback360.streams.errors.InputOnlyDeserializationExceptionHandler;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.topology.Roster;
import dev.feedback360.topics.KafkaConnection;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything the streams app is configured with, validated once.
 *
 * @param kafka where Kafka is and the client properties (security) every client of the app gets: the Kafka
 *     Streams clients, the topic check's admin client, the dead-letter history's consumer
 * @param applicationId Kafka Streams application id (consumer group, prefix of internal topics)
 * @param stateDir where local state stores live
 * @param topics topic names
 * @param topicSettings partitions and replication factor for topics this app creates (internal topics included)
 * @param scoring the anonymity threshold
 * @param overrides any further Kafka Streams properties, applied last
 * @param roster which responses the scores count ({@code --roster}): every valid one, or only nominated ones
 */
public record StreamsSettings(KafkaConnection kafka, String applicationId, Path stateDir, Topics topics,
    TopicSettings topicSettings, ScoringConfig scoring, Map<String, String> overrides, Roster roster) {

  public static final String DEFAULT_APPLICATION_ID = "feedback360-team-scores";
  /** Commit (and so exactly-once visibility) interval. */
  public static final int COMMIT_INTERVAL_MS = 100;

  /**
   * Kafka Streams' {@code processing.exception.handler.global.enabled}, by name: its constant is deprecated in 4.4,
   * Kafka 5.0 enabling the handler for global stores by default.
   */
  static final String GLOBAL_PROCESSING_EXCEPTION_HANDLER = "processing.exception.handler.global.enabled";

  public StreamsSettings {
    Objects.requireNonNull(kafka, "Kafka bootstrap servers are required");
    if (applicationId == null || !applicationId.matches("[a-zA-Z0-9._-]{1,200}")) {
      throw new IllegalArgumentException("Invalid application id '" + applicationId
          + "': use 1 to 200 characters of a-z, A-Z, 0-9, '.', '_' and '-'");
    }
    Objects.requireNonNull(stateDir, "state dir is required");
    Objects.requireNonNull(topics, "topics are required");
    Objects.requireNonNull(topicSettings, "topic settings are required");
    Objects.requireNonNull(scoring, "scoring config is required");
    overrides = Map.copyOf(overrides == null ? Map.of() : overrides);
    Objects.requireNonNull(roster, "the roster (open or strict) is required");
  }

  /** Settings of an open-roster app (every valid response counts). */
  public StreamsSettings(KafkaConnection kafka, String applicationId, Path stateDir, Topics topics,
      TopicSettings topicSettings, ScoringConfig scoring, Map<String, String> overrides) {
    this(kafka, applicationId, stateDir, topics, topicSettings, scoring, overrides, Roster.OPEN);
  }

  /** Settings for a PLAINTEXT cluster without client properties (the local broker, tests). */
  public StreamsSettings(String bootstrapServers, String applicationId, Path stateDir, Topics topics,
      TopicSettings topicSettings, ScoringConfig scoring, Map<String, String> overrides) {
    this(KafkaConnection.plaintext(bootstrapServers), applicationId, stateDir, topics, topicSettings, scoring,
        overrides, Roster.OPEN);
  }

  /** These settings under another roster. */
  public StreamsSettings withRoster(Roster other) {
    return new StreamsSettings(kafka, applicationId, stateDir, topics, topicSettings, scoring, overrides, other);
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /**
   * How the app's own plain clients (admin, consumers) reach Kafka: the connection's client properties plus the
   * overrides that are client settings (security given as {@code --streams-property} applies to them too).
   */
  public KafkaConnection connection() {
    Map<String, String> client = new HashMap<>(kafka.clientProperties());
    overrides.forEach((name, value) -> {
      if (AdminClientConfig.configNames().contains(name) && !name.equals(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)) {
        client.put(name, value);
      }
    });
    return new KafkaConnection(kafka.bootstrapServers(), client);
  }

  /**
   * These settings with Kafka Streams' {@code application.server} set: where other instances reach this one's
   * interactive queries.
   */
  public StreamsSettings withApplicationServer(String host, int port) {
    Map<String, String> withServer = new HashMap<>(overrides);
    withServer.put(StreamsConfig.APPLICATION_SERVER_CONFIG, host + ":" + port);
    return new StreamsSettings(kafka, applicationId, stateDir, topics, topicSettings, scoring, withServer, roster);
  }

  /** Kafka Streams properties: exactly-once v2, explicit names enforced, invalid input to the dead-letter topic. */
  public Properties toProperties() {
    Properties props = kafka.properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, Short.toString(topicSettings.replicationFactor()));
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
    props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.deadLetters());
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        InputOnlyDeserializationExceptionHandler.class.getName());
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterProcessingExceptionHandler.class.getName());
    props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
        FailClosedProductionExceptionHandler.class.getName());
    // No global stores today; enabling the handler there too keeps the policy uniform if one is added. Also given to
    // the main consumer: Kafka Streams 4.4's partition assignor builds a StreamsConfig of its own from that
    // consumer's settings, and without the setting there it warned on every start that the handler was not enabled.
    props.put(GLOBAL_PROCESSING_EXCEPTION_HANDLER, "true");
    props.put(StreamsConfig.mainConsumerPrefix(GLOBAL_PROCESSING_EXCEPTION_HANDLER), "true");
    props.put(StreamsConfig.topicPrefix("min.insync.replicas"), Integer.toString(topicSettings.minInSyncReplicas()));
    // The changelogs hold copies of responses: the same cleaner settings as the compacted topics bound how long a
    // withdrawn one stays on disk (docs/replay.md). topic.* applies to the repartition topic too, which Kafka Streams
    // creates with cleanup.policy=delete and purges itself: there segment.ms bounds how long a purged record's
    // segment lives and the compaction settings are ignored. Never topic.cleanup.policy: it would make that topic
    // compacted.
    topicSettings.compaction().topicConfigs()
        .forEach((name, value) -> props.put(StreamsConfig.topicPrefix(name), value));
    props.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // Performance (docs/benchmarks.md records what each bought). The commit interval stays at exactly-once's
    // 100 ms, stated here because it is the floor of end-to-end latency: 200 ms took p99 past the 500 ms target.
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Integer.toString(COMMIT_INTERVAL_MS));
    props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDbConfig.class.getName());
    // Changelog, repartition and output records travel in fewer, compressed batches (JSON and Avro state compress
    // well; lz4 costs little CPU).
    props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "10");
    props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), Integer.toString(256 * 1024));
    props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), "2000");
    props.putAll(overrides);
    return props;
  }
}

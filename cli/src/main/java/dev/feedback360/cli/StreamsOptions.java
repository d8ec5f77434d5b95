package dev.feedback360.cli;

import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.topology.Roster;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options of the streams app, shared by the streams and demo commands. */
final class StreamsOptions {

  @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "data/streams",
      description = "Where the app keeps its local state stores (default: ${DEFAULT-VALUE}).")
  Path stateDir;

  @Mixin
  PublicationOptions publication = new PublicationOptions();

  @Option(names = "--application-id", paramLabel = "ID", defaultValue = StreamsSettings.DEFAULT_APPLICATION_ID,
      description = "Kafka Streams application id; instances sharing it share the work (default: ${DEFAULT-VALUE}).")
  String applicationId;

  @Option(names = "--standby-replicas", paramLabel = "N",
      description = {"Warm copies of each state store kept on other instances (Kafka Streams' num.standby.replicas; "
          + "default: Kafka's, 0). With 1, an instance that dies is replaced by one that already holds its state "
          + "and the dashboard answers again within seconds instead of after a restore (docs/operations.md, "
          + "Cluster); correctness never depends on it.",
          "A --streams-property num.standby.replicas=N wins over it."})
  Integer standbyReplicas;

  @Option(names = "--streams-property", paramLabel = "KEY=VALUE",
      description = {"A Kafka Streams, consumer or producer property, applied last (repeatable), for example "
          + "commit.interval.ms=1000 or consumer.session.timeout.ms=10000.",
          "Changing processing.guarantee away from exactly_once_v2 gives up exactly-once; see docs/reliability.md."})
  Map<String, String> streamsProperties = new LinkedHashMap<>();

  @Option(names = "--roster", paramLabel = "open|strict", defaultValue = "open", converter = RosterConverter.class,
      description = {"Which responses the scores count. " + RosterConverter.DESCRIPTION,
          "Changing it for an application id with state needs ./feedback360 reset first (docs/architecture.md)."})
  Roster roster = Roster.OPEN;

  StreamsSettings settings(KafkaOptions kafka, Path stateDirOverride) {
    ScoringConfig scoring = publication.scoring();
    Map<String, String> overrides = overrides();
    Topics topics = kafka.topics();
    TopicSettings topicSettings = kafka.topicSettings();
    try {
      return new StreamsSettings(kafka.connection(), applicationId,
          stateDirOverride == null ? stateDir : stateDirOverride, topics, topicSettings, scoring, overrides, roster);
    } catch (IllegalArgumentException e) {
      // The settings check the application id, the one value the constructor validates (--application-id).
      throw new UsageError(e.getMessage() + " (--application-id)", e);
    }
  }

  /** The --streams-property values, over --standby-replicas when given. */
  Map<String, String> overrides() {
    Map<String, String> overrides = new LinkedHashMap<>();
    if (standbyReplicas != null) {
      if (standbyReplicas < 0) {
        throw new UsageError("--standby-replicas must be 0 or more, got " + standbyReplicas);
      }
      overrides.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, Integer.toString(standbyReplicas));
    }
    overrides.putAll(streamsProperties);
    return overrides;
  }
}

package dev.feedback360.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the pipeline's topics with the right settings when they are missing; never alters existing ones. */
public final class TopicProvisioner {

  private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);
  /** Dead letters keep raw (pseudonymised) input for two weeks: long enough to inspect, not forever. */
  static final long DEAD_LETTER_RETENTION_MS = Duration.ofDays(14).toMillis();

  private TopicProvisioner() {}

  /** The topic definitions for these names and settings. */
  public static List<NewTopic> definitions(Topics topics, TopicSettings settings) {
    String minIsr = Integer.toString(settings.minInSyncReplicas());
    Map<String, String> compacted = Map.of(
        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr);
    Map<String, String> deadLetters = Map.of(
        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
        TopicConfig.RETENTION_MS_CONFIG, Long.toString(DEAD_LETTER_RETENTION_MS),
        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr);
    return List.of(
        newTopic(topics.responses(), settings, compacted),
        newTopic(topics.scores(), settings, compacted),
        newTopic(topics.scoresJson(), settings, compacted),
        newTopic(topics.deadLetters(), settings, deadLetters));
  }

  /**
   * Creates whichever of the named topics do not exist yet and waits until the broker confirms.
   *
   * @param names the subset of {@link #definitions} to ensure (for example only the responses topic for a producer)
   * @return the names that were created
   */
  public static Set<String> ensure(Admin admin, Topics topics, TopicSettings settings, Set<String> names,
      Duration timeout) {
    try {
      Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (NewTopic topic : definitions(topics, settings)) {
        if (names.contains(topic.name()) && !existing.contains(topic.name())) {
          missing.add(topic);
        }
      }
      if (missing.isEmpty()) {
        return Set.of();
      }
      Set<String> created = new java.util.TreeSet<>();
      var result = admin.createTopics(missing);
      for (NewTopic topic : missing) {
        try {
          result.values().get(topic.name()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
          created.add(topic.name());
          LOG.info("Created topic {} ({} partitions, replication factor {}, {})", topic.name(),
              topic.numPartitions(), topic.replicationFactor(), topic.configs());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
          LOG.debug("Topic {} was created concurrently by another client", topic.name());
        }
      }
      return created;
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot create topics " + names + ": " + e.getCause().getMessage()
          + "; check that the brokers are reachable and that the replication factor "
          + settings.replicationFactor() + " does not exceed the number of brokers", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Timed out after " + timeout.toSeconds() + " s creating topics " + names
          + "; is a broker running at the bootstrap servers?", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics " + names, e);
    }
  }

  private static NewTopic newTopic(String name, TopicSettings settings, Map<String, String> configs) {
    return new NewTopic(name, settings.partitions(), settings.replicationFactor()).configs(configs);
  }
}

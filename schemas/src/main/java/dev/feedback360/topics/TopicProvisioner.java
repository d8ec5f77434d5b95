package dev.feedback360.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the pipeline's topics with the right settings when they are missing; never alters existing ones.
 *
 * <p>A topic is usable once {@link #ensure} returns: it waits until the leader of every partition it created hosts
 * that partition. Kafka acknowledges a topic's creation as soon as the controller has recorded it, before the
 * leaders have created their logs; an idempotent producer that writes at once can have its first batch for a
 * partition refused (NOT_LEADER_OR_FOLLOWER) while its next batches are appended, after which the retried first batch
 * is out of sequence forever and expires after {@code delivery.timeout.ms} (two minutes) as a failed send.
 */
public final class TopicProvisioner {

  private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);
  /**
   * Dead letters keep raw (pseudonymised) input, which may include a response later withdrawn (a tombstone does not
   * reach this topic), for a week: long enough to inspect after a weekend, not forever.
   */
  static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(7);
  /**
   * Kafka deletes a dead-letter segment only once its newest record is older than the retention, so a record stays
   * at most retention + segment age (plus the broker's 5 min retention check): 8 days.
   */
  static final Duration DEAD_LETTER_SEGMENT_AGE = Duration.ofDays(1);
  /** How often to ask again whether the leaders of newly created partitions host them. */
  static final Duration LEADER_POLL = Duration.ofMillis(50);

  private TopicProvisioner() {}

  /** The topic definitions for these names and settings. */
  public static List<NewTopic> definitions(Topics topics, TopicSettings settings) {
    String minIsr = Integer.toString(settings.minInSyncReplicas());
    Map<String, String> compacted = new HashMap<>(settings.compaction().topicConfigs());
    compacted.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    compacted.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr);
    Map<String, String> deadLetters = Map.of(
        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
        TopicConfig.RETENTION_MS_CONFIG, Long.toString(DEAD_LETTER_RETENTION.toMillis()),
        TopicConfig.SEGMENT_MS_CONFIG, Long.toString(DEAD_LETTER_SEGMENT_AGE.toMillis()),
        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr);
    return List.of(
        newTopic(topics.responses(), settings, compacted),
        newTopic(topics.scores(), settings, compacted),
        newTopic(topics.scoresJson(), settings, compacted),
        newTopic(topics.deadLetters(), settings, deadLetters),
        newTopic(topics.nominations(), settings, compacted),
        newTopic(topics.participationJson(), settings, compacted));
  }

  /**
   * Creates whichever of the named topics do not exist yet and waits until the leader of every partition of each
   * created topic hosts it. A missing nominations topic next to an existing responses topic gets the responses
   * topic's partition count, whatever the settings say (the two are co-partitioned).
   *
   * @param names the subset of {@link #definitions} to ensure (for example only the responses topic for a producer)
   * @param timeout how long creating, and then waiting for the partitions' leaders, may take in all
   * @return the names that were created
   * @throws IllegalStateException when the topics cannot be created or their partitions do not get a leader in time
   */
  public static Set<String> ensure(Admin admin, Topics topics, TopicSettings settings, Set<String> names,
      Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (NewTopic topic : definitions(topics, settings)) {
        if (names.contains(topic.name()) && !existing.contains(topic.name())) {
          if (topic.name().equals(topics.nominations()) && existing.contains(topics.responses())) {
            // A nomination must meet its key's responses in one task: the topic added next to an existing responses
            // topic (an upgrade, or responses sent before any nomination) takes that topic's count, not --partitions.
            topic = new NewTopic(topic.name(), partitionCount(admin, topics.responses(), timeout),
                topic.replicationFactor()).configs(topic.configs());
          }
          missing.add(topic);
        }
      }
      if (missing.isEmpty()) {
        return Set.of();
      }
      Set<String> created = new TreeSet<>();
      List<NewTopic> createdTopics = new ArrayList<>();
      var result = admin.createTopics(missing);
      for (NewTopic topic : missing) {
        try {
          result.values().get(topic.name()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
          created.add(topic.name());
          createdTopics.add(topic);
          LOG.info("Created topic {} ({} partitions, replication factor {}, {})", topic.name(),
              topic.numPartitions(), topic.replicationFactor(), topic.configs());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
          // Its creator waits for its leaders; its partition count may differ from ours.
          LOG.debug("Topic {} was created concurrently by another client", topic.name());
        }
      }
      awaitLeaders(admin, createdTopics, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      return created;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AuthenticationException) {
        throw new IllegalStateException("Kafka refused this client's credentials while creating topics " + names
            + " (" + e.getCause().getMessage() + ")", e.getCause());
      }
      if (e.getCause() instanceof AuthorizationException) {
        throw new IllegalStateException("Not authorised to create topics " + names + " (" + e.getCause().getMessage()
            + "): this client's principal lacks DESCRIBE on them (so they look missing) or CREATE to make them. An "
            + "administrator creates the topics and grants each principal its ACLs (docs/security.md)", e.getCause());
      }
      throw new IllegalStateException("Cannot create topics " + names + ": " + e.getCause().getMessage()
          + "; check that the brokers are reachable and that the replication factor "
          + settings.replicationFactor() + " does not exceed the number of brokers", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(timedOutCreating(names, timeout, e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics " + names, e);
    }
  }

  /** A timeout's message, which Kafka often leaves null: said only when there is one. */
  static String timedOutCreating(Collection<String> names, Duration timeout, TimeoutException e) {
    return "Timed out after " + timeout.toSeconds() + " s creating topics " + names + " (no answer from Kafka"
        + (e.getMessage() == null || e.getMessage().isBlank() ? "" : ": " + e.getMessage())
        + "); is a broker running at the bootstrap servers?";
  }

  /**
   * The partition count of an existing topic.
   *
   * @throws IllegalStateException when the topic cannot be described within the timeout
   */
  public static int partitionCount(Admin admin, String topic, Duration timeout) {
    return describe(admin, topic, timeout).partitions().size();
  }

  /**
   * The replication factor of an existing topic (its first partition's replica count).
   *
   * @throws IllegalStateException when the topic cannot be described within the timeout
   */
  public static short replicationFactor(Admin admin, String topic, Duration timeout) {
    return (short) describe(admin, topic, timeout).partitions().get(0).replicas().size();
  }

  private static TopicDescription describe(Admin admin, String topic, Duration timeout) {
    try {
      return admin.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .get(topic);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot describe topic " + topic + ": " + e.getCause().getMessage()
          + "; the client needs DESCRIBE on it", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Timed out after " + timeout.toSeconds() + " s describing topic " + topic
          + "; is a broker running at the bootstrap servers?", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while describing topic " + topic, e);
    }
  }

  /**
   * Waits until the leader of every partition of these just-created topics hosts it, so that producers can write at
   * once (see the class comment for what happens otherwise). {@link #ensure} does this for the topics it creates;
   * call it after creating other topics with {@link Admin#createTopics}.
   *
   * @param created the topics as created (name and partition count)
   * @throws IllegalStateException when a partition's leader does not host it within the timeout, or the check itself
   *     is refused
   */
  public static void awaitLeaders(Admin admin, List<NewTopic> created, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<TopicPartition> partitions = new ArrayList<>();
    for (NewTopic topic : created) {
      for (int partition = 0; partition < topic.numPartitions(); partition++) {
        partitions.add(new TopicPartition(topic.name(), partition));
      }
    }
    try {
      awaitLeaders(() -> probeLeaders(admin, partitions, deadline), partitions, deadline);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot read the end offsets of the new partitions " + partitions
          + " to check that each has its leader: " + e.getCause().getMessage() + "; the client needs DESCRIBE on"
          + " the topics", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the leaders of " + partitions, e);
    }
  }

  /** Asks the leader of each partition for its end offset: only a leader that hosts the partition can answer. */
  private static void probeLeaders(Admin admin, List<TopicPartition> partitions, long deadline)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
    long remainingMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    admin.listOffsets(latest, new ListOffsetsOptions().timeoutMs((int) Math.min(remainingMs, Integer.MAX_VALUE)))
        .all().get(remainingMs, TimeUnit.MILLISECONDS);
  }

  /**
   * Runs the probe until it succeeds, again every {@link #LEADER_POLL} while it fails with a retriable error (a
   * partition whose leader has not yet created it answers NOT_LEADER_OR_FOLLOWER or UNKNOWN_TOPIC_OR_PARTITION).
   *
   * @param deadline in {@link System#nanoTime()} terms
   * @throws ExecutionException when the probe fails with an error that waiting does not cure
   * @throws TimeoutException when the deadline passes first
   */
  static void awaitLeaders(LeaderProbe probe, List<TopicPartition> partitions, long deadline)
      throws ExecutionException, InterruptedException, TimeoutException {
    if (partitions.isEmpty()) {
      return;
    }
    while (true) {
      RetriableException lastError;
      try {
        probe.run();
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RetriableException retriable)) {
          throw e;
        }
        lastError = retriable;
      } catch (TimeoutException e) {
        throw leadersNotReady(partitions, e.getMessage(), e);
      }
      if (System.nanoTime() + LEADER_POLL.toNanos() > deadline) {
        throw leadersNotReady(partitions, lastError.getMessage(), lastError);
      }
      LOG.debug("Waiting for the leaders of {} partitions: {}", partitions.size(), lastError.getMessage());
      Thread.sleep(LEADER_POLL.toMillis());
    }
  }

  private static TimeoutException leadersNotReady(List<TopicPartition> partitions, String lastError,
      Exception cause) {
    TimeoutException e = new TimeoutException("The partitions " + partitions + " were created but their leaders did"
        + " not host them in time (last answer: " + lastError + "); check the brokers' health and logs");
    e.initCause(cause);
    return e;
  }

  /** One attempt at reading every partition's end offset from its leader. */
  @FunctionalInterface
  interface LeaderProbe {
    void run() throws ExecutionException, InterruptedException, TimeoutException;
  }

  private static NewTopic newTopic(String name, TopicSettings settings, Map<String, String> configs) {
    return new NewTopic(name, settings.partitions(), settings.replicationFactor()).configs(configs);
  }
}

package dev.feedback360.streams.replay;

import dev.feedback360.streams.read.TopicOffsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The admin calls of one replay, each bounded by {@link #TIMEOUT}; a failure becomes an {@link IllegalStateException}
 * naming the replay and what the call was doing.
 */
final class ReplayAdmin {

  /** The longest one admin call may take. */
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Admin admin;
  private final String applicationId;
  private final String bootstrapServers;

  ReplayAdmin(Admin admin, String applicationId, String bootstrapServers) {
    this.admin = admin;
    this.applicationId = applicationId;
    this.bootstrapServers = bootstrapServers;
  }

  /** The admin client itself, for helpers that bound their own calls. */
  Admin admin() {
    return admin;
  }

  /** The names of the cluster's topics. */
  Set<String> topicNames() {
    return get(admin.listTopics().names(), "listing topics");
  }

  /** The committed offsets of the replay's consumer group, partitions without one left out. */
  Map<TopicPartition, OffsetAndMetadata> committed() {
    Map<TopicPartition, OffsetAndMetadata> committed = get(
        admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata(),
        "reading the committed offsets of " + applicationId);
    Map<TopicPartition, OffsetAndMetadata> present = new HashMap<>();
    committed.forEach((tp, offset) -> {
      if (offset != null) {
        present.put(tp, offset);
      }
    });
    return present;
  }

  /** The first offset present in each of {@code partitions} now (it moves up as retention deletes records). */
  Map<TopicPartition, Long> firstOffsets(Set<TopicPartition> partitions) {
    return call(() -> TopicOffsets.offsets(admin, partitions, OffsetSpec.earliest(), IsolationLevel.READ_UNCOMMITTED,
        TIMEOUT), "reading the first offsets of " + partitions);
  }

  /** First and end offsets of every partition of a topic; the end as a consumer at {@code isolation} sees it. */
  OffsetRange range(String topic, IsolationLevel isolation) {
    Set<TopicPartition> partitions;
    try {
      partitions = call(() -> TopicOffsets.partitions(admin, List.of(topic), TIMEOUT), "describing topic " + topic);
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new IllegalStateException("Topic " + topic + " does not exist at " + bootstrapServers, e.getCause());
      }
      throw e;
    }
    Map<TopicPartition, Long> start = call(() -> TopicOffsets.offsets(admin, partitions, OffsetSpec.earliest(),
        isolation, TIMEOUT), "reading the first offsets of " + topic);
    Map<TopicPartition, Long> end = call(() -> TopicOffsets.offsets(admin, partitions, OffsetSpec.latest(),
        isolation, TIMEOUT), "reading the end offsets of " + topic);
    return new OffsetRange(start, end);
  }

  /** Waits for an admin future; {@code what} says what it does, for the messages. */
  <T> T get(KafkaFuture<T> future, String what) {
    return call(() -> future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), what);
  }

  private <T> T call(AdminCall<T> call, String what) {
    try {
      return call.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("Replay " + applicationId + " failed " + what + ": "
          + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Replay " + applicationId + " timed out after " + TIMEOUT.toSeconds()
          + " s " + what + "; is the broker at " + bootstrapServers + " reachable?", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted " + what, e);
    }
  }

  @FunctionalInterface
  private interface AdminCall<T> {
    T get() throws ExecutionException, TimeoutException, InterruptedException;
  }
}

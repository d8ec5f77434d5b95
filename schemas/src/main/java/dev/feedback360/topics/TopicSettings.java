package dev.feedback360.topics;

import java.util.Objects;

/**
 * How new topics are created.
 *
 * @param partitions partitions of each topic created (existing topics are left as they are)
 * @param replicationFactor replicas per partition; production clusters want 3
 * @param compaction the log-cleaner settings of the compacted topics, which bound how long a withdrawal stays on disk
 */
public record TopicSettings(int partitions, short replicationFactor, CompactionSettings compaction) {

  public static final int DEFAULT_PARTITIONS = 4;
  public static final short DEFAULT_REPLICATION_FACTOR = 1;

  public TopicSettings {
    if (partitions < 1) {
      throw new IllegalArgumentException("Partitions must be at least 1, got " + partitions);
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException("Replication factor must be at least 1, got " + replicationFactor);
    }
    Objects.requireNonNull(compaction, "compaction settings are required");
  }

  /** Settings with the default compaction settings ({@link CompactionSettings#defaults()}). */
  public TopicSettings(int partitions, short replicationFactor) {
    this(partitions, replicationFactor, CompactionSettings.defaults());
  }

  public static TopicSettings defaults() {
    return new TopicSettings(DEFAULT_PARTITIONS, DEFAULT_REPLICATION_FACTOR);
  }

  /** min.insync.replicas for the topics: 2 when there are at least 3 replicas, else 1. */
  public int minInSyncReplicas() {
    return replicationFactor >= 3 ? 2 : 1;
  }
}

package dev.feedback360.topics;

/**
 * How new topics are created.
 *
 * @param partitions partitions of each topic created (existing topics are left as they are)
 * @param replicationFactor replicas per partition; production clusters want 3
 */
public record TopicSettings(int partitions, short replicationFactor) {

  public static final int DEFAULT_PARTITIONS = 4;
  public static final short DEFAULT_REPLICATION_FACTOR = 1;

  public TopicSettings {
    if (partitions < 1) {
      throw new IllegalArgumentException("Partitions must be at least 1, got " + partitions);
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException("Replication factor must be at least 1, got " + replicationFactor);
    }
  }

  public static TopicSettings defaults() {
    return new TopicSettings(DEFAULT_PARTITIONS, DEFAULT_REPLICATION_FACTOR);
  }

  /** min.insync.replicas for the topics: 2 when there are at least 3 replicas, else 1. */
  public int minInSyncReplicas() {
    return replicationFactor >= 3 ? 2 : 1;
  }
}

package dev.feedback360.topics;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.TopicConfig;

/**
 * How fast a compacted topic forgets: the log-cleaner settings that bound how long a withdrawn (tombstoned) record,
 * and then its tombstone, stay in the topic's files on disk.
 *
 * <p>The defaults give this bound (docs/replay.md, "How long a withdrawal stays on disk"), provided the partition
 * keeps receiving records (Kafka rolls a segment only when it appends to it, and by record timestamps):
 *
 * <ul>
 *   <li>the tombstone's segment is rolled by the first record whose timestamp is at least 12 h after that segment's
 *       first one; that segment is then older than {@code maxCompactionLag} (12 h), so the cleaner must compact it:
 *       the withdrawn record's bytes are gone about 12 h after the withdrawal, stated as within 24 h to leave room
 *       for a busy cleaner;
 *   <li>the compaction that removed the record stamps the tombstone with a delete horizon {@code deleteRetention}
 *       (24 h) later; the next compaction after it drops the tombstone: within 48 h of the withdrawal.
 * </ul>
 *
 * @param maxCompactionLag {@code max.compaction.lag.ms}: a record is compacted at most this long after its segment
 *     began, once that segment is no longer the active one; for a compacted topic Kafka also rolls the active segment
 *     at this age
 * @param segmentAge {@code segment.ms}: the active segment, never compacted, is rolled by the first record at least
 *     this much younger than the segment's first one (on compacted topics at most {@code maxCompactionLag}); it is
 *     what bounds the repartition topic, which is not compacted
 * @param deleteRetention {@code delete.retention.ms}: how long a tombstone outlives the compaction that first
 *     reached it; a consumer away for longer may miss a withdrawal and must re-read the topic from the start
 * @param minCleanableDirtyRatio {@code min.cleanable.dirty.ratio}: the cleaner also compacts as soon as this share
 *     of the log is uncompacted, so busy periods are compacted sooner than the lag alone would
 */
public record CompactionSettings(Duration maxCompactionLag, Duration segmentAge, Duration deleteRetention,
    double minCleanableDirtyRatio) {

  /** Default {@code max.compaction.lag.ms}. */
  public static final Duration DEFAULT_MAX_COMPACTION_LAG = Duration.ofHours(12);
  /** Default {@code segment.ms}. */
  public static final Duration DEFAULT_SEGMENT_AGE = Duration.ofHours(12);
  /** Default {@code delete.retention.ms}: Kafka's own default, stated so that the bound above does not move. */
  public static final Duration DEFAULT_DELETE_RETENTION = Duration.ofHours(24);
  /** Default {@code min.cleanable.dirty.ratio} (Kafka's is 0.5). */
  public static final double DEFAULT_MIN_CLEANABLE_DIRTY_RATIO = 0.1;

  public CompactionSettings {
    requirePositive(maxCompactionLag, "max.compaction.lag.ms");
    requirePositive(segmentAge, "segment.ms");
    requirePositive(deleteRetention, "delete.retention.ms");
    if (!(minCleanableDirtyRatio > 0 && minCleanableDirtyRatio <= 1)) {
      throw new IllegalArgumentException("min.cleanable.dirty.ratio must be greater than 0 and at most 1, got "
          + minCleanableDirtyRatio);
    }
  }

  /** The settings that give the bound in the class comment. */
  public static CompactionSettings defaults() {
    return new CompactionSettings(DEFAULT_MAX_COMPACTION_LAG, DEFAULT_SEGMENT_AGE, DEFAULT_DELETE_RETENTION,
        DEFAULT_MIN_CLEANABLE_DIRTY_RATIO);
  }

  /** These settings as Kafka topic configs. */
  public Map<String, String> topicConfigs() {
    return Map.of(
        TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, Long.toString(maxCompactionLag.toMillis()),
        TopicConfig.SEGMENT_MS_CONFIG, Long.toString(segmentAge.toMillis()),
        TopicConfig.DELETE_RETENTION_MS_CONFIG, Long.toString(deleteRetention.toMillis()),
        TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, Double.toString(minCleanableDirtyRatio));
  }

  private static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, () -> name + " is required");
    if (value.toMillis() < 1) {
      throw new IllegalArgumentException(name + " must be at least 1 ms, got " + value);
    }
  }
}

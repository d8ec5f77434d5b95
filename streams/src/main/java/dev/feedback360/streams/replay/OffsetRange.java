package dev.feedback360.streams.replay;

import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets a run must get through: per partition, from the first offset present to the end offset snapshotted
 * when the range was taken. Records written later are beyond the range, so a busy topic cannot keep a run going.
 *
 * @param start the earliest offset of each partition
 * @param end the end offset of each partition (read_committed: the last stable offset)
 */
public record OffsetRange(Map<TopicPartition, Long> start, Map<TopicPartition, Long> end) {

  public OffsetRange {
    start = Map.copyOf(start);
    end = Map.copyOf(end);
    if (!start.keySet().equals(end.keySet())) {
      throw new IllegalArgumentException("Start and end offsets name different partitions: " + start.keySet()
          + " vs " + end.keySet());
    }
  }

  /** Offsets in the range, summed over partitions (records plus gaps left by compaction or transaction markers). */
  public long total() {
    long total = 0;
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      total += Math.max(0, e.getValue() - start.get(e.getKey()));
    }
    return total;
  }

  /**
   * Offsets of the range not yet committed by a consumer group. A partition without a committed offset has
   * committed nothing of the range, unless the range is empty there.
   */
  public long remaining(Map<TopicPartition, OffsetAndMetadata> committed) {
    long remaining = 0;
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      long from = start.get(e.getKey());
      OffsetAndMetadata position = committed.get(e.getKey());
      long done = position == null ? from : Math.max(from, position.offset());
      remaining += Math.max(0, e.getValue() - done);
    }
    return remaining;
  }

  /**
   * This range with each partition's start moved up to {@code firstOffsets} where that is later: records deleted
   * after the range was taken (retention, {@code DeleteRecords}) are no longer to be got through. A consumer that
   * finds them gone skips to the first offset present and, with nothing left to read there, never commits the
   * partition; without this a run would wait for it forever. Ends never move; partitions not named keep their
   * start.
   */
  public OffsetRange startingNoEarlierThan(Map<TopicPartition, Long> firstOffsets) {
    Map<TopicPartition, Long> starts = new java.util.HashMap<>(start);
    firstOffsets.forEach((partition, first) -> starts.computeIfPresent(partition,
        (p, current) -> Math.max(current, Math.min(first, end.get(p)))));
    return new OffsetRange(starts, end);
  }

  /** This range and another one over other partitions (the responses and the nominations of one replay). */
  public OffsetRange plus(OffsetRange other) {
    Map<TopicPartition, Long> starts = new java.util.HashMap<>(start);
    Map<TopicPartition, Long> ends = new java.util.HashMap<>(end);
    starts.putAll(other.start);
    ends.putAll(other.end);
    return new OffsetRange(starts, ends);
  }
}

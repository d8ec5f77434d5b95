package dev.feedback360.dashboard.query;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the restoration of local state from changelog topics, so that the health endpoint can say how much is left
 * while queries answer 503. Optionally passes every callback on to another listener.
 */
public final class RestoreProgress implements StateRestoreListener {

  private static final Logger LOG = LoggerFactory.getLogger(RestoreProgress.class);

  private record Remaining(long endOffset, long remaining) {}

  private final Map<TopicPartition, Remaining> restoring = new ConcurrentHashMap<>();
  private final StateRestoreListener next;

  /** @param next a listener to call after this one, or null */
  public RestoreProgress(StateRestoreListener next) {
    this.next = next;
  }

  /** Records still to restore, over every changelog partition restoring now. */
  public long remainingRecords() {
    return restoring.values().stream().mapToLong(Remaining::remaining).sum();
  }

  /** Changelog partitions restoring now. */
  public int partitionsRestoring() {
    return restoring.size();
  }

  @Override
  public void onRestoreStart(TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
    restoring.put(partition, new Remaining(endingOffset, Math.max(0, endingOffset - startingOffset)));
    if (endingOffset > startingOffset) {
      LOG.info("Restoring store {} from {}: {} records", storeName, partition, endingOffset - startingOffset);
    }
    if (next != null) {
      next.onRestoreStart(partition, storeName, startingOffset, endingOffset);
    }
  }

  @Override
  public void onBatchRestored(TopicPartition partition, String storeName, long batchEndOffset, long numRestored) {
    restoring.computeIfPresent(partition,
        (tp, r) -> new Remaining(r.endOffset(), Math.max(0, r.endOffset() - batchEndOffset - 1)));
    if (next != null) {
      next.onBatchRestored(partition, storeName, batchEndOffset, numRestored);
    }
  }

  @Override
  public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
    restoring.remove(partition);
    if (totalRestored > 0) {
      LOG.info("Restored store {} from {}: {} records", storeName, partition, totalRestored);
    }
    if (next != null) {
      next.onRestoreEnd(partition, storeName, totalRestored);
    }
  }

  @Override
  public void onRestoreSuspended(TopicPartition partition, String storeName, long totalRestored) {
    restoring.remove(partition);
    if (next != null) {
      next.onRestoreSuspended(partition, storeName, totalRestored);
    }
  }
}

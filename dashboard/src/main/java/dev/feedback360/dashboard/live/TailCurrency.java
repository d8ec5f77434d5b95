package dev.feedback360.dashboard.live;

import dev.feedback360.dashboard.query.StoreUnavailableException;
import dev.feedback360.streams.read.TopicOffsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Brings a {@link JsonTopicView} up to what its topic holds now: reads the topic's committed end offsets (the last
 * stable offsets, what a {@code read_committed} reader can reach), then waits until the view's tail has handed on
 * every record below them.
 */
public final class TailCurrency implements JsonTopicView.Currency {

  private final Admin admin;
  private final ScoresTail tail;
  private final String topic;

  public TailCurrency(Admin admin, ScoresTail tail, String topic) {
    this.admin = admin;
    this.tail = tail;
    this.topic = topic;
  }

  @Override
  public boolean await(Duration timeout) throws InterruptedException {
    List<TopicPartition> partitions = tail.partitions();
    if (partitions.isEmpty()) {
      return false;
    }
    Map<TopicPartition, Long> ends;
    try {
      ends = TopicOffsets.offsets(admin, partitions, OffsetSpec.latest(), IsolationLevel.READ_COMMITTED, timeout);
    } catch (ExecutionException e) {
      throw new StoreUnavailableException("Cannot read the end of topic " + topic + " right now ("
          + e.getCause().getMessage() + "); retry shortly", e.getCause());
    } catch (TimeoutException e) {
      throw new StoreUnavailableException("Timed out reading the end of topic " + topic + " after "
          + timeout.toMillis() + " ms; retry shortly", e);
    }
    return tail.awaitRead(ends, timeout);
  }
}

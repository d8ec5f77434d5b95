package dev.feedback360.bench;

import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/** Whether a consumer has reached given offsets: by position, not by count (compaction and markers leave gaps). */
final class Positions {

  private Positions() {}

  /** True while any assigned partition of {@code ends} is short of its end offset. */
  static boolean behind(Consumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
    for (TopicPartition tp : consumer.assignment()) {
      Long end = ends.get(tp);
      if (end != null && consumer.position(tp) < end) {
        return true;
      }
    }
    return consumer.assignment().isEmpty();
  }
}

package dev.feedback360.streams.read;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Offsets of every partition of some topics, with an admin client: describe the topics, then list the offsets. Each
 * call waits at most {@code timeout}; failures come back as the admin client reports them, for the caller to word.
 */
public final class TopicOffsets {

  private TopicOffsets() {}

  /** Every partition of {@code topics}. */
  public static Set<TopicPartition> partitions(Admin admin, Collection<String> topics, Duration timeout)
      throws ExecutionException, TimeoutException, InterruptedException {
    Set<TopicPartition> partitions = new HashSet<>();
    admin.describeTopics(topics).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .forEach((name, description) -> description.partitions().forEach(
            p -> partitions.add(new TopicPartition(name, p.partition()))));
    return partitions;
  }

  /** The offset {@code spec} names (earliest, latest...) of each partition, as a reader at {@code isolation} sees it. */
  public static Map<TopicPartition, Long> offsets(Admin admin, Collection<TopicPartition> partitions, OffsetSpec spec,
      IsolationLevel isolation, Duration timeout) throws ExecutionException, TimeoutException, InterruptedException {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(tp -> request.put(tp, spec));
    Map<TopicPartition, Long> offsets = new HashMap<>();
    admin.listOffsets(request, new ListOffsetsOptions(isolation)).all()
        .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .forEach((tp, info) -> offsets.put(tp, info.offset()));
    return offsets;
  }

  /** The end offset of every partition of {@code topics}, as a reader at {@code isolation} sees it. */
  public static Map<TopicPartition, Long> ends(Admin admin, Collection<String> topics, IsolationLevel isolation,
      Duration timeout) throws ExecutionException, TimeoutException, InterruptedException {
    return offsets(admin, partitions(admin, topics, timeout), OffsetSpec.latest(), isolation, timeout);
  }
}

package dev.feedback360.reliability.harness;

import dev.feedback360.streams.read.TopicOffsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Whether what a consumer group has not yet committed past holds any record to process. Kafka Streams commits past
 * transaction markers (and a killed instance's aborted records) only once a task has consumed a record of that
 * partition: a task that moved to another instance and finds nothing but markers after its committed offset never
 * commits past them, and its group lags by those offsets for good, with nothing left to process.
 */
final class UnreadTail {

  private UnreadTail() {}

  /**
   * The partitions of {@code from} (partition to its first offset not yet committed past) that hold a committed
   * record at or after that offset, or still an open transaction: what is left to process. The others hold only
   * markers and aborted records.
   *
   * @throws IllegalStateException if the partitions cannot be read to their end within {@code timeout}
   */
  static Set<TopicPartition> withRecordsLeft(Admin admin, String bootstrapServers, Map<TopicPartition, Long> from,
      Duration timeout) throws ExecutionException, TimeoutException, InterruptedException {
    // read_committed: the last stable offset, below the high watermark while a transaction is open.
    Map<TopicPartition, Long> stable = TopicOffsets.offsets(admin, from.keySet(), OffsetSpec.latest(),
        IsolationLevel.READ_COMMITTED, timeout);
    Map<TopicPartition, Long> written = TopicOffsets.offsets(admin, from.keySet(), OffsetSpec.latest(),
        IsolationLevel.READ_UNCOMMITTED, timeout);
    Set<TopicPartition> left = new HashSet<>();
    from.keySet().stream().filter(tp -> stable.get(tp) < written.get(tp)).forEach(left::add);
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(from.keySet());
      from.forEach(consumer::seek);
      Instant deadline = Instant.now().plus(timeout);
      while (!from.keySet().stream().allMatch(tp -> left.contains(tp) || consumer.position(tp) >= stable.get(tp))) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("Could not read " + from.keySet() + " from " + from + " to their ends "
              + stable + " within " + timeout.toSeconds() + " s");
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          left.add(new TopicPartition(record.topic(), record.partition()));
        }
      }
    }
    return left;
  }
}

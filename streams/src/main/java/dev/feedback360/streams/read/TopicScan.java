package dev.feedback360.streams.read;

import dev.feedback360.topics.KafkaConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads every committed record of a topic ({@code read_committed}) from the beginning up to the end offsets taken
 * when the scan starts, in offset order per partition. Uses no consumer group: nothing is committed.
 */
public final class TopicScan {

  private final KafkaConnection kafka;
  private final Duration timeout;

  public TopicScan(KafkaConnection kafka, Duration timeout) {
    this.kafka = kafka;
    this.timeout = timeout;
  }

  /** A scan of a PLAINTEXT cluster without client properties. */
  public TopicScan(String bootstrapServers, Duration timeout) {
    this(KafkaConnection.plaintext(bootstrapServers), timeout);
  }

  /**
   * Hands each record to {@code sink} and returns how many there were.
   *
   * @throws IllegalStateException if the topic does not exist or its end is not reached within the timeout
   */
  public long scan(String topic, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    return scan(topic, partitions -> {}, sink);
  }

  /**
   * {@link #scan(String, Consumer)}, telling {@code partitions} the topic's partition count before the first record
   * (where a record must be depends on it: {@code InputPartitioning}).
   */
  public long scan(String topic, IntConsumer partitions, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    try {
      return scanOrTimeOut(topic, partitions, sink);
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new IllegalStateException("No answer from Kafka at " + kafka.bootstrapServers() + " within "
          + timeout.toSeconds() + " s while reading " + topic + " (" + e.getMessage()
          + "); is a broker running there?", e);
    }
  }

  private long scanOrTimeOut(String topic, IntConsumer partitionCount,
      Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    long count = 0;
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties());
    try {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("Topic " + topic + " does not exist at " + kafka.bootstrapServers()
            + "; check the topic name and the bootstrap servers. The pipeline's topics are created by the streams "
            + "app when it first starts (./feedback360 streams), or by ./feedback360 topics");
      }
      List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      partitionCount.accept(partitions.size());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      Instant deadline = Instant.now().plus(timeout);
      while (!caughtUp(consumer, end)) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("Timed out after " + timeout.toSeconds() + " s reading " + topic
              + " at " + kafka.bootstrapServers() + " up to its end offsets " + end + "; is the broker overloaded? "
              + "Allow more time");
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
            sink.accept(record);
            count++;
          }
        }
      }
    } finally {
      closeNow(consumer);
    }
    return count;
  }

  /**
   * Closes a consumer of {@link #readCommitted} without waiting for the brokers to end its fetch sessions: it has no
   * group and commits nothing, and that wait is a long poll of up to {@code fetch.max.wait.ms} (half a second by
   * default) after every scan.
   */
  public static void closeNow(KafkaConsumer<?, ?> consumer) {
    consumer.close(CloseOptions.timeout(Duration.ZERO));
  }

  private static boolean caughtUp(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  private Properties properties() {
    return readCommitted(kafka);
  }

  /** Properties of a consumer without a group that reads committed records as bytes and commits nothing. */
  public static Properties readCommitted(KafkaConnection kafka) {
    Properties props = kafka.properties();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return props;
  }
}

package dev.feedback360.streams.read;

import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.schemas.AvroSerdes;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a team-scores topic from the beginning up to its current end with {@code read_committed}, and returns the
 * latest record per team (a tombstone removes the team). Uses no consumer group: nothing is committed.
 */
public final class ScoresReader {

  private static final Comparator<TeamKey> BY_CYCLE_AND_TEAM =
      Comparator.comparing(TeamKey::getCycleId).thenComparing(TeamKey::getTeamId);

  private final String bootstrapServers;
  private final Duration timeout;

  public ScoresReader(String bootstrapServers, Duration timeout) {
    this.bootstrapServers = bootstrapServers;
    this.timeout = timeout;
  }

  /**
   * The latest committed scores per team, sorted by cycle and team.
   *
   * @param cycle keeps only this cycle when not null
   * @throws IllegalStateException if the topic does not exist or the end is not reached within the timeout
   */
  public List<TeamScores> read(String topic, String cycle) {
    Predicate<TeamKey> wanted = key -> cycle == null || cycle.equals(key.getCycleId());
    Map<TeamKey, TeamScores> latest = new TreeMap<>(BY_CYCLE_AND_TEAM);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties())) {
      List<TopicPartition> partitions = partitions(consumer, topic);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      Instant deadline = Instant.now().plus(timeout);
      while (!caughtUp(consumer, end)) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("Timed out after " + timeout.toSeconds() + " s reading " + topic
              + " up to its end offsets " + end + "; is the broker overloaded?");
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          apply(record, wanted, latest);
        }
      }
    }
    return List.copyOf(latest.values());
  }

  private static void apply(ConsumerRecord<byte[], byte[]> record, Predicate<TeamKey> wanted,
      Map<TeamKey, TeamScores> latest) {
    TeamKey key;
    try {
      key = AvroSerdes.teamKey().decode(record.key());
    } catch (RuntimeException e) {
      throw new IllegalStateException("Cannot read the key at " + record.topic() + "-" + record.partition()
          + " offset " + record.offset() + ": " + e.getMessage(), e);
    }
    if (key == null || !wanted.test(key)) {
      return;
    }
    if (record.value() == null) {
      latest.remove(key);
      return;
    }
    try {
      latest.put(key, AvroSerdes.teamScores().decode(record.value()));
    } catch (RuntimeException e) {
      throw new IllegalStateException("Cannot read team scores at " + record.topic() + "-" + record.partition()
          + " offset " + record.offset() + ": " + e.getMessage(), e);
    }
  }

  private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException("Topic " + topic + " does not exist at " + bootstrapServers
          + "; start the streams app (it creates it) or check --scores-topic");
    }
    return infos.stream().map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
  }

  private static boolean caughtUp(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  private Properties properties() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return props;
  }
}

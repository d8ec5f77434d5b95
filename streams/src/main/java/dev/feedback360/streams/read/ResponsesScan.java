package dev.feedback360.streams.read;

import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.topology.CountedResponses;
import dev.feedback360.streams.topology.InputPartitioning;
import dev.feedback360.streams.topology.InputScope;
import dev.feedback360.topics.KafkaConnection;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Reads the responses topic ({@code read_committed}) to its current end and keeps the responses the topology counts
 * ({@link CountedResponses}: its scope, checks and latest-response rule, withdrawals erased). Records the streams app
 * refuses are left out and counted, as the app leaves them out: records that are not Avro responses, and records not
 * on the partition Kafka's default partitioner gives their key ({@link InputPartitioning}: a correction or withdrawal
 * sent with another partitioner, which the app sends to the dead-letter topic instead of counting).
 *
 * @param counted the counted responses
 * @param recordsRead records read from the topic
 * @param undecodable records that are not Avro responses (left out)
 * @param misplaced records on another partition than their key's (left out)
 */
public record ResponsesScan(CountedResponses counted, long recordsRead, long undecodable, long misplaced) {

  /** Reads {@code topic} from the beginning to the end offsets taken when the scan starts. */
  public static ResponsesScan read(KafkaConnection kafka, String topic, InputScope scope, Duration timeout) {
    CountedResponses counted = new CountedResponses(scope);
    Serializer<ResponseKey> keySerializer = AvroSerdes.responseKey().serializer();
    InputPartitioning[] partitioning = new InputPartitioning[1];
    long[] undecodable = {0};
    long[] misplaced = {0};
    long read = new TopicScan(kafka, timeout).scan(topic,
        partitions -> partitioning[0] = new InputPartitioning(topic, partitions), record -> {
          ResponseKey key;
          SurveyResponse value;
          try {
            key = AvroSerdes.responseKey().decode(record.key());
            value = record.value() == null ? null : AvroSerdes.surveyResponse().decode(record.value());
          } catch (RuntimeException e) {
            undecodable[0]++;
            return;
          }
          if (key == null) {
            undecodable[0]++;
            return;
          }
          // Where the app looks: the decoded key encoded again, as its processors check it.
          if (partitioning[0].partitionOf(keySerializer.serialize(topic, key)) != record.partition()) {
            misplaced[0]++;
            return;
          }
          counted.apply(key, value, Instant.ofEpochMilli(record.timestamp()));
        });
    return new ResponsesScan(counted, read, undecodable[0], misplaced[0]);
  }
}

package dev.feedback360.streams.read;

import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.topology.CountedResponses;
import dev.feedback360.streams.topology.InputScope;
import dev.feedback360.topics.KafkaConnection;
import java.time.Duration;
import java.time.Instant;

/**
 * Reads the responses topic ({@code read_committed}) to its current end and keeps the responses the topology counts
 * ({@link CountedResponses}: its scope, checks and latest-response rule, withdrawals erased). Records that are not
 * Avro responses are left out and counted, as the streams app leaves them out.
 *
 * @param counted the counted responses
 * @param recordsRead records read from the topic
 * @param undecodable records that are not Avro responses (left out)
 */
public record ResponsesScan(CountedResponses counted, long recordsRead, long undecodable) {

  /** Reads {@code topic} from the beginning to the end offsets taken when the scan starts. */
  public static ResponsesScan read(KafkaConnection kafka, String topic, InputScope scope, Duration timeout) {
    CountedResponses counted = new CountedResponses(scope);
    long[] undecodable = {0};
    long read = new TopicScan(kafka, timeout).scan(topic, record -> {
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
      counted.apply(key, value, Instant.ofEpochMilli(record.timestamp()));
    });
    return new ResponsesScan(counted, read, undecodable[0]);
  }
}

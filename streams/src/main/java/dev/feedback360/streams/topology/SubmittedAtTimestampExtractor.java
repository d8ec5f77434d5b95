package dev.feedback360.streams.topology;

import dev.feedback360.avro.SurveyResponse;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time is the response's submittedAt, when {@link EventTimes#usable} (else the record is dead-lettered by the
 * latest-response processor, and ordered by its record timestamp meanwhile). A withdrawal (null value) keeps the
 * record timestamp the withdraw command set, or the partition time when the record has none.
 */
public final class SubmittedAtTimestampExtractor implements TimestampExtractor {

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    if (record.value() instanceof SurveyResponse response) {
      return EventTimes.extracted(response.getSubmittedAt().toEpochMilli(), record.timestamp(), partitionTime);
    }
    return EventTimes.fallback(record.timestamp(), partitionTime);
  }
}

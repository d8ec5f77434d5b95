package dev.feedback360.streams.topology;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time is the response's submittedAt (the topology's source reads responses as {@link ReadResponse}s). A
 * withdrawal (null value) keeps the record timestamp the withdraw command set, or the partition time when the record
 * has none.
 */
public final class SubmittedAtTimestampExtractor implements TimestampExtractor {

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    if (record.value() instanceof ReadResponse read) {
      return read.response().getSubmittedAt().toEpochMilli();
    }
    return record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0);
  }
}

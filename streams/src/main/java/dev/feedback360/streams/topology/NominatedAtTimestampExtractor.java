package dev.feedback360.streams.topology;

import dev.feedback360.avro.Nomination;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time of a nomination record: its nominatedAt when the import gave one (and it is {@link EventTimes#usable};
 * else the nomination processor dead-letters the record), else the record timestamp (or the partition time when the
 * record has none). A removal (null value) keeps its record timestamp likewise.
 */
public final class NominatedAtTimestampExtractor implements TimestampExtractor {

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    if (record.value() instanceof Nomination nomination && nomination.getNominatedAt() != null) {
      return EventTimes.extracted(nomination.getNominatedAt().toEpochMilli(), record.timestamp(), partitionTime);
    }
    return EventTimes.fallback(record.timestamp(), partitionTime);
  }
}

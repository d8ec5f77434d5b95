package dev.feedback360.streams.errors;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;

/** Error-handler contexts as Kafka Streams passes them, for handler tests. */
final class ErrorContexts {

  private ErrorContexts() {}

  /** The context of a record being processed: partition 1, offset 42, a valid timestamp. */
  static ErrorHandlerContext at(String topic, byte[] key, byte[] value) {
    return of(topic, 1, 42L, 1_700_000_000_000L, key, value);
  }

  /** The context of a failed send: Kafka Streams reports no timestamp (-1) there. */
  static ErrorHandlerContext ofSend(String topic) {
    return of(topic, 1, 42L, -1L, null, null);
  }

  /** The context of a failed send reported where no input record is in hand (at a later send, at the commit). */
  static ErrorHandlerContext withoutRecord() {
    return of(null, -1, -1L, -1L, null, null);
  }

  private static ErrorHandlerContext of(String topic, int partition, long offset, long timestamp, byte[] key,
      byte[] value) {
    return new ErrorHandlerContext() {
      @Override
      public String topic() {
        return topic;
      }

      @Override
      public int partition() {
        return partition;
      }

      @Override
      public long offset() {
        return offset;
      }

      @Override
      public Headers headers() {
        return new RecordHeaders();
      }

      @Override
      public String processorNodeId() {
        return "source";
      }

      @Override
      public TaskId taskId() {
        return new TaskId(0, partition);
      }

      @Override
      public long timestamp() {
        return timestamp;
      }

      @Override
      public byte[] sourceRawKey() {
        return key;
      }

      @Override
      public byte[] sourceRawValue() {
        return value;
      }
    };
  }
}

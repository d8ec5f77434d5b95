package dev.feedback360.streams.topology;

import dev.feedback360.avro.ResponseKey;
import dev.feedback360.streams.metrics.DeadLetterReason;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Where each record of the responses topic (and of the nominations topic, partitioned alike) must be: on the partition Kafka's default partitioner gives its key bytes
 * (murmur2, as every Java producer and {@code produce} compute it) for the topic's partition count.
 *
 * <p>The topology keeps the latest response per key <em>per partition</em>: a correction that lands on another
 * partition than the response it corrects would be counted next to it, not instead of it. Clients with another
 * default partitioner (librdkafka's is CRC32-based {@code consistent_random}) put most keys elsewhere, so a record
 * on the wrong partition is refused, never counted.
 *
 * @param topic the input topic (responses or nominations), for messages
 * @param partitions its partition count, read from the brokers when the app starts
 */
public record InputPartitioning(String topic, int partitions) {

  public InputPartitioning {
    if (partitions < 1) {
      throw new IllegalArgumentException("A topic has at least one partition, got " + partitions + " for " + topic);
    }
  }

  /** The partition Kafka's default partitioner gives these key bytes. */
  public int partitionOf(byte[] keyBytes) {
    return Utils.toPositive(Utils.murmur2(keyBytes)) % partitions;
  }

  /**
   * Refuses an input record a processor cannot place: one without a key, or not on its key's partition. The one
   * check of both input processors (responses, nominations).
   *
   * @param what the record, for the message ("Record", "Nomination record")
   * @param processor the processor's name, for the message of a processor not fed by a source topic
   * @throws InvalidResponseException with reason {@link DeadLetterReason#MISSING_KEY} or
   *     {@link DeadLetterReason#MISPLACED}
   */
  void requireKeyedOnItsPartition(ResponseKey key, String what, boolean withdrawal,
      Serializer<ResponseKey> keySerializer, ProcessorContext<?, ?> context, String processor) {
    requireKey(key, what);
    RecordMetadata source = context.recordMetadata().orElseThrow(() -> new IllegalStateException(
        "No source record metadata in " + processor + ": it must read a source topic"));
    requireOnItsPartition(keySerializer.serialize(source.topic(), key), source.partition(), withdrawal);
  }

  /**
   * Refuses an input record without a key (the processors above; the fast replay's fold).
   *
   * @param what the record, for the message ("Record", "Nomination record")
   * @throws InvalidResponseException with reason {@link DeadLetterReason#MISSING_KEY}
   */
  static void requireKey(ResponseKey key, String what) {
    if (key == null) {
      throw new InvalidResponseException(DeadLetterReason.MISSING_KEY, what + " has no key; expected a ResponseKey");
    }
  }

  /**
   * Refuses a record that is not on its key's partition.
   *
   * @throws InvalidResponseException naming both partitions and the producer setting that fixes it
   */
  void requireOnItsPartition(byte[] keyBytes, int partition, boolean withdrawal) {
    int expected = partitionOf(keyBytes);
    if (partition != expected) {
      throw new InvalidResponseException(DeadLetterReason.MISPLACED,
          "Misplaced record: it is on partition " + partition + " of " + topic
              + ", but Kafka's default partitioner (murmur2 of the key bytes) puts its key on partition " + expected
              + " of " + partitions + ". Its producer used another partitioner, so it could be kept apart from the "
              + "records under the same key (a correction next to the response it replaces, a nomination away from its "
              + "response); " + (withdrawal ? "this withdrawal (a tombstone) was not applied: the response it "
                  + "withdraws, if any, stays counted until the withdrawal is sent again"
                  : "it was not counted")
              + ". Resend it with a murmur2 partitioner: for librdkafka "
              + "clients (Python, Go, .NET, C), set partitioner=murmur2_random (docs/wire-format.md, Partitioning).");
    }
  }
}

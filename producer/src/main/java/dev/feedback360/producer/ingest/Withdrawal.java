package dev.feedback360.producer.ingest;

import dev.feedback360.avro.ResponseKey;
import java.time.Instant;

/**
 * An acknowledged withdrawal: a tombstone (null value) for the response key.
 *
 * @param key the key withdrawn, with the pseudonymised rater id
 * @param withdrawnAt the record timestamp of the tombstone
 * @param partition partition written
 * @param offset offset of the tombstone
 */
public record Withdrawal(ResponseKey key, Instant withdrawnAt, int partition, long offset) {}

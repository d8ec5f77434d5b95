package dev.feedback360.producer.validate;

import dev.feedback360.avro.Nomination;
import dev.feedback360.avro.ResponseKey;

/** A row of a nominations file after parsing and validation: ready to send, or rejected. */
public sealed interface ValidatedNomination {

  /** First line of the row in the input file (1-based). */
  long line();

  /**
   * A valid row: the key and value carry the pseudonymised rater id.
   *
   * @param value the nomination, or null for a removal (a tombstone)
   */
  record Accepted(long line, ResponseKey key, Nomination value) implements ValidatedNomination {}

  /**
   * A rejected row.
   *
   * @param reason every problem found, in plain words, separated by {@code "; "}; never contains field values
   * @param sourceText the row as it appeared in the file, or null when it could not be decoded
   */
  record Rejected(long line, String reason, String sourceText) implements ValidatedNomination {}
}

package dev.feedback360.producer.validate;

import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;

/** A row of an export after parsing and validation: ready to send, or rejected. */
public sealed interface ValidatedRow {

  /** First line of the row in the input file (1-based). */
  long line();

  /** A valid response. */
  record Accepted(long line, ResponseKey key, SurveyResponse value) implements ValidatedRow {}

  /**
   * A rejected row.
   *
   * @param reason why, in plain words, without field values
   * @param sourceText the row as it appeared in the file, or null when it could not be decoded
   */
  record Rejected(long line, String reason, String sourceText) implements ValidatedRow {}
}

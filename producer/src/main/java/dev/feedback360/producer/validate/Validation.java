package dev.feedback360.producer.validate;

import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;

/** The result of validating one {@link dev.feedback360.producer.parse.ResponseRow}. */
public sealed interface Validation {

  /** A response ready to send: the key and value carry the pseudonymised rater id. */
  record Valid(ResponseKey key, SurveyResponse value) implements Validation {}

  /**
   * A rejected row.
   *
   * @param reason every problem found, in plain words, separated by {@code "; "}; never contains id values
   */
  record Invalid(String reason) implements Validation {}
}

package dev.feedback360.streams.topology;

import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import java.time.Instant;

/**
 * Which input a run of the topology counts: everything (production), or, for an analyst's replay, only one cycle
 * and only responses submitted at or before an instant. Withdrawals of the chosen cycle always apply, whatever
 * their time: erased data never comes back in any replay.
 *
 * @param asOf count only responses with submittedAt at or before this instant; null = no limit
 * @param cycle count only this cycle; null = every cycle
 */
public record InputScope(Instant asOf, String cycle) {

  /** Everything: the production scope. */
  public static final InputScope ALL = new InputScope(null, null);

  /** Whether a record under this key belongs to the scope at all (by cycle). */
  boolean includesKey(ResponseKey key) {
    return cycle == null || cycle.equals(key.getCycleId());
  }

  /**
   * Whether a nomination record (a nomination or a removal) applies, by its event time: nominatedAt, or the record
   * timestamp when it has none ({@link NominatedAtTimestampExtractor}). A replay as of an instant uses the roster as
   * it stood then.
   */
  boolean includesNomination(long eventTimeMillis) {
    return asOf == null || eventTimeMillis <= asOf.toEpochMilli();
  }

  /** Whether a submission counts (by submission time). */
  boolean includesSubmission(SurveyResponse response) {
    return asOf == null || !response.getSubmittedAt().isAfter(asOf);
  }
}

package dev.feedback360.streams.topology;

import dev.feedback360.avro.Nomination;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.schemas.ResponseLimits;

/** Checks a decoded nomination before it may count; the nominate command validates too, but the topic is open. */
final class NominationChecks {

  private NominationChecks() {}

  /** @throws InvalidResponseException naming the first problem found */
  static void requireValid(ResponseKey key, Nomination nomination) {
    if (!key.getCycleId().equals(nomination.getCycleId())
        || !key.getSubjectId().equals(nomination.getSubjectId())
        || !key.getRaterId().equals(nomination.getRaterId())) {
      throw new InvalidResponseException("Nomination key and value disagree on cycleId, subjectId or raterId");
    }
    if (nomination.getTeamId().isBlank()) {
      throw new InvalidResponseException("Nomination teamId is blank");
    }
    requireShort("teamId", nomination.getTeamId());
    requireShort("cycleId", nomination.getCycleId());
    requireShort("subjectId", nomination.getSubjectId());
    requireShort("raterId", nomination.getRaterId());
  }

  private static void requireShort(String field, String value) {
    int length = ResponseLimits.idLength(value);
    if (length > ResponseLimits.MAX_ID_LENGTH) {
      throw new InvalidResponseException("Oversized nomination " + field + ": " + length + " characters, at most "
          + ResponseLimits.MAX_ID_LENGTH);
    }
  }
}

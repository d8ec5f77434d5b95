package dev.feedback360.streams.topology;

import dev.feedback360.avro.Answer;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.schemas.ResponseLimits;
import dev.feedback360.streams.metrics.DeadLetterReason;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks a decoded response before it may count; the producer validates too, but the topic is open to others. */
final class ResponseChecks {

  /** Far above any real instrument; a record beyond it is garbage or an attack, not a survey response. */
  static final int MAX_ANSWERS = 500;

  /** Up to this many answers, duplicates are looked for pairwise. */
  private static final int PAIRWISE_ANSWERS = 32;

  private ResponseChecks() {}

  /** @throws InvalidResponseException naming the first problem found */
  static void requireValid(ResponseKey key, SurveyResponse response) {
    if (key == null) {
      throw new InvalidResponseException(DeadLetterReason.MISSING_KEY, "Record has no key; expected a ResponseKey");
    }
    if (!key.getCycleId().equals(response.getCycleId())
        || !key.getSubjectId().equals(response.getSubjectId())
        || !key.getRaterId().equals(response.getRaterId())) {
      throw new InvalidResponseException(DeadLetterReason.KEY_MISMATCH,
          "Key and value disagree on cycleId, subjectId or raterId");
    }
    if (response.getTeamId().isBlank()) {
      throw new InvalidResponseException(DeadLetterReason.BLANK_TEAM, "teamId is blank");
    }
    requireShort("responseId", response.getResponseId());
    requireShort("teamId", response.getTeamId());
    requireShort("cycleId", response.getCycleId());
    requireShort("subjectId", response.getSubjectId());
    requireShort("raterId", response.getRaterId());
    if (response.getAnswers().size() > MAX_ANSWERS) {
      throw new InvalidResponseException(DeadLetterReason.OVERSIZED,
          "Oversized response: " + response.getAnswers().size()
              + " answers, at most " + MAX_ANSWERS);
    }
    List<Answer> answers = response.getAnswers();
    // A set only for long forms: an instrument's few items are compared pairwise, with no set per record.
    Set<String> items = answers.size() > PAIRWISE_ANSWERS ? new HashSet<>() : null;
    for (int i = 0; i < answers.size(); i++) {
      Answer answer = answers.get(i);
      if (items != null ? !items.add(answer.getItemId()) : answeredBefore(answers, i)) {
        throw new InvalidResponseException(DeadLetterReason.DUPLICATE_ITEM,
            "Item " + answer.getItemId() + " is answered twice");
      }
      requireShort("itemId", answer.getItemId());
      Integer score = answer.getScore();
      if (score != null && !ResponseLimits.isScore(score)) {
        throw new InvalidResponseException(DeadLetterReason.SCORE_OUT_OF_RANGE,
            "Score " + score + " of item " + answer.getItemId()
                + " is out of range " + ResponseLimits.MIN_SCORE + ".." + ResponseLimits.MAX_SCORE);
      }
    }
  }

  /** Whether an answer before the {@code i}th is to the same item. */
  private static boolean answeredBefore(List<Answer> answers, int i) {
    String item = answers.get(i).getItemId();
    for (int j = 0; j < i; j++) {
      if (answers.get(j).getItemId().equals(item)) {
        return true;
      }
    }
    return false;
  }

  /** The producer's limit, counted the same way (code points): whatever it sends passes. */
  private static void requireShort(String field, String value) {
    int length = ResponseLimits.idLength(value);
    if (length > ResponseLimits.MAX_ID_LENGTH) {
      throw new InvalidResponseException(DeadLetterReason.OVERSIZED,
          "Oversized " + field + ": " + length + " characters, at most "
              + ResponseLimits.MAX_ID_LENGTH);
    }
  }
}

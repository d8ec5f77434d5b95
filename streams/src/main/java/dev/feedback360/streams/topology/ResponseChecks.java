package dev.feedback360.streams.topology;

import dev.feedback360.avro.Answer;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import java.util.HashSet;
import java.util.Set;

/** Checks a decoded response before it may count; the producer validates too, but the topic is open to others. */
final class ResponseChecks {

  static final int MIN_SCORE = 1;
  static final int MAX_SCORE = 5;
  /** Far above any real instrument; a record beyond it is garbage or an attack, not a survey response. */
  static final int MAX_ANSWERS = 500;
  /** Ids are at most 128 characters at the producer; pseudonyms are 64. */
  static final int MAX_ID_LENGTH = 256;

  private ResponseChecks() {}

  /** @throws InvalidResponseException naming the first problem found */
  static void requireValid(ResponseKey key, SurveyResponse response) {
    if (key == null) {
      throw new InvalidResponseException("Record has no key; expected a ResponseKey");
    }
    if (!key.getCycleId().equals(response.getCycleId())
        || !key.getSubjectId().equals(response.getSubjectId())
        || !key.getRaterId().equals(response.getRaterId())) {
      throw new InvalidResponseException("Key and value disagree on cycleId, subjectId or raterId");
    }
    if (response.getTeamId().isBlank()) {
      throw new InvalidResponseException("teamId is blank");
    }
    requireShort("responseId", response.getResponseId());
    requireShort("teamId", response.getTeamId());
    requireShort("cycleId", response.getCycleId());
    requireShort("subjectId", response.getSubjectId());
    requireShort("raterId", response.getRaterId());
    if (response.getAnswers().size() > MAX_ANSWERS) {
      throw new InvalidResponseException("Oversized response: " + response.getAnswers().size()
          + " answers, at most " + MAX_ANSWERS);
    }
    Set<String> items = new HashSet<>();
    for (Answer answer : response.getAnswers()) {
      if (!items.add(answer.getItemId())) {
        throw new InvalidResponseException("Item " + answer.getItemId() + " is answered twice");
      }
      requireShort("itemId", answer.getItemId());
      Integer score = answer.getScore();
      if (score != null && (score < MIN_SCORE || score > MAX_SCORE)) {
        throw new InvalidResponseException("Score " + score + " of item " + answer.getItemId()
            + " is out of range " + MIN_SCORE + ".." + MAX_SCORE);
      }
    }
  }

  private static void requireShort(String field, String value) {
    if (value.length() > MAX_ID_LENGTH) {
      throw new InvalidResponseException("Oversized " + field + ": " + value.length() + " characters, at most "
          + MAX_ID_LENGTH);
    }
  }
}

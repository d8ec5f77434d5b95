package dev.feedback360.topics;

import java.util.Objects;
import java.util.Set;

/**
 * Names of the pipeline's topics, built once from configuration.
 *
 * @param responses survey responses: compacted, key ResponseKey, value SurveyResponse, null value = withdrawal
 * @param scores team scores: compacted, key TeamKey, value TeamScores, null value = team has no responses
 * @param scoresJson the same scores for tools that do not speak Avro: compacted, key "cycleId/teamId" (UTF-8),
 *     value the JSON contract (UTF-8), null value = team has no responses
 * @param deadLetters records the streams app could not use, raw bytes kept, reason in headers
 */
public record Topics(String responses, String scores, String scoresJson, String deadLetters) {

  public static final String DEFAULT_RESPONSES = "survey-responses";
  public static final String DEFAULT_SCORES = "team-scores";
  public static final String DEFAULT_SCORES_JSON = "team-scores-json";
  public static final String DEFAULT_DEAD_LETTERS = "survey-responses-dlq";

  public Topics {
    requireName(responses, "responses");
    requireName(scores, "scores");
    requireName(scoresJson, "JSON scores");
    requireName(deadLetters, "dead-letter");
    if (Set.of(responses, scores, scoresJson, deadLetters).size() != 4) {
      throw new IllegalArgumentException("Topic names must differ, got responses=" + responses + ", scores=" + scores
          + ", JSON scores=" + scoresJson + ", dead letters=" + deadLetters);
    }
  }

  /** All four names. */
  public Set<String> all() {
    return Set.of(responses, scores, scoresJson, deadLetters);
  }

  /** The default names. */
  public static Topics defaults() {
    return new Topics(DEFAULT_RESPONSES, DEFAULT_SCORES, DEFAULT_SCORES_JSON, DEFAULT_DEAD_LETTERS);
  }

  private static void requireName(String name, String role) {
    Objects.requireNonNull(name, () -> "The " + role + " topic name is required");
    if (!name.matches("[a-zA-Z0-9._-]{1,249}") || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException("Invalid " + role + " topic name '" + name
          + "': use 1 to 249 characters of a-z, A-Z, 0-9, '.', '_' and '-'");
    }
  }
}

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
 * @param nominations who HR asked to rate whom: compacted, key ResponseKey, value Nomination, null value = removed
 * @param participationJson response rates per team and rater group: compacted, key "cycleId/teamId" (UTF-8), value
 *     the participation JSON contract (UTF-8), null value = the team has neither nominations nor responses
 */
public record Topics(String responses, String scores, String scoresJson, String deadLetters, String nominations,
    String participationJson) {

  public static final String DEFAULT_RESPONSES = "survey-responses";
  public static final String DEFAULT_SCORES = "team-scores";
  public static final String DEFAULT_SCORES_JSON = "team-scores-json";
  public static final String DEFAULT_DEAD_LETTERS = "survey-responses-dlq";
  public static final String DEFAULT_NOMINATIONS = "survey-nominations";
  public static final String DEFAULT_PARTICIPATION_JSON = "team-participation-json";

  public Topics {
    requireName(responses, "responses");
    requireName(scores, "scores");
    requireName(scoresJson, "JSON scores");
    requireName(deadLetters, "dead-letter");
    requireName(nominations, "nominations");
    requireName(participationJson, "JSON participation");
    if (Set.of(responses, scores, scoresJson, deadLetters, nominations, participationJson).size() != 6) {
      throw new IllegalArgumentException("Topic names must differ, got responses=" + responses + ", scores=" + scores
          + ", JSON scores=" + scoresJson + ", dead letters=" + deadLetters + ", nominations=" + nominations
          + ", JSON participation=" + participationJson);
    }
  }

  /**
   * The four topics of the scores alone, with the nominations and participation topics named after the responses
   * and JSON scores topics ({@code <responses>-nominations}, {@code <scoresJson>-participation}): for tests and
   * tools that give each run its own names.
   */
  public Topics(String responses, String scores, String scoresJson, String deadLetters) {
    this(responses, scores, scoresJson, deadLetters, responses + "-nominations", scoresJson + "-participation");
  }

  /** All six names. */
  public Set<String> all() {
    return Set.of(responses, scores, scoresJson, deadLetters, nominations, participationJson);
  }

  /** The default names. */
  public static Topics defaults() {
    return new Topics(DEFAULT_RESPONSES, DEFAULT_SCORES, DEFAULT_SCORES_JSON, DEFAULT_DEAD_LETTERS,
        DEFAULT_NOMINATIONS, DEFAULT_PARTICIPATION_JSON);
  }

  private static void requireName(String name, String role) {
    Objects.requireNonNull(name, () -> "The " + role + " topic name is required");
    if (!name.matches("[a-zA-Z0-9._-]{1,249}") || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException("Invalid " + role + " topic name '" + name
          + "': use 1 to 249 characters of a-z, A-Z, 0-9, '.', '_' and '-'");
    }
  }
}

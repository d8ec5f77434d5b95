package dev.feedback360.producer.parse;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One response as text, exactly as read from an export (after CSV trimming), not yet validated. Fields are null when
 * the source did not contain them.
 *
 * <p>Holds the raw rater id: {@link #toString()} hides rater and subject ids so a row never ends up in a log.
 *
 * @param scores item id to score text as given ({@code "4"}, {@code "NA"}, {@code ""}; JSON null becomes
 *     {@code ""}), in source order; items absent from the source are absent here
 */
public record ResponseRow(String responseId, String cycleId, String teamId, String subjectId, String raterId,
    String raterGroup, String submittedAt, Map<String, String> scores, String channel) {

  /** A row without the optional channel (schema v1 exports). */
  public ResponseRow(String responseId, String cycleId, String teamId, String subjectId, String raterId,
      String raterGroup, String submittedAt, Map<String, String> scores) {
    this(responseId, cycleId, teamId, subjectId, raterId, raterGroup, submittedAt, scores, null);
  }

  public ResponseRow {
    Objects.requireNonNull(scores, "scores");
    scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
    scores.values().forEach(value -> Objects.requireNonNull(value, "score texts are never null"));
  }

  @Override
  public String toString() {
    return "ResponseRow[responseId=" + responseId + ", cycleId=" + cycleId + ", teamId=" + teamId
        + ", subject and rater hidden, raterGroup=" + raterGroup + ", submittedAt=" + submittedAt + ", "
        + scores.size() + " scores]";
  }
}

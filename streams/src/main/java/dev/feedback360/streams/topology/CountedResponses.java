package dev.feedback360.streams.topology;

import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.internal.ResponseState;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The responses the topology counts, worked out in memory from the records of the responses topic in offset
 * order, with the topology's own rules: the same scope, the same validity checks, the same latest-response rule
 * (greatest submittedAt wins, withdrawals erase). For exports and audits, not for the live pipeline.
 */
public final class CountedResponses {

  private static final Comparator<SurveyResponse> ORDER = Comparator.comparing(SurveyResponse::getCycleId)
      .thenComparing(SurveyResponse::getTeamId)
      .thenComparing(SurveyResponse::getSubjectId)
      .thenComparing(SurveyResponse::getRaterId);

  private final InputScope scope;
  private final Map<ResponseKey, ResponseState> states = new HashMap<>();
  private long invalid;

  public CountedResponses(InputScope scope) {
    this.scope = Objects.requireNonNull(scope, "scope");
  }

  /**
   * Applies one record of the responses topic.
   *
   * @param value the response, or null for a withdrawal
   * @param recordTime the record's timestamp: the event time of a withdrawal
   */
  public void apply(ResponseKey key, SurveyResponse value, Instant recordTime) {
    if (value != null) {
      try {
        ResponseChecks.requireValid(key, value);
      } catch (InvalidResponseException e) {
        invalid++;
        return;
      }
    }
    if (!scope.includesKey(key) || (value != null && !scope.includesSubmission(value))) {
      return;
    }
    ResponseState current = states.get(key);
    LatestResponseRule.Decision decision = value == null
        ? LatestResponseRule.withdraw(current, recordTime)
        : LatestResponseRule.submit(current, value);
    states.put(key, decision.state());
  }

  /** Records left out as invalid (the streams app sends them to its dead-letter topic). */
  public long invalid() {
    return invalid;
  }

  /** The counted responses, sorted by cycle, team, subject and rater. */
  public List<SurveyResponse> counted() {
    return states.values().stream()
        .map(ResponseState::getCounted)
        .filter(Objects::nonNull)
        .sorted(ORDER)
        .toList();
  }
}

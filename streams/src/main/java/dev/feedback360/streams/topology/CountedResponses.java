package dev.feedback360.streams.topology;

import dev.feedback360.avro.Nomination;
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
 * The responses the topology counts, worked out in memory from the records of the responses topic (and, for the
 * roster, of the nominations topic) in offset order, with the topology's own rules: the same scope, the same
 * validity checks, the same latest-response rule (greatest submittedAt wins, withdrawals erase) and the same roster
 * rule ({@link RosterRule}: under the strict roster only responses answering their key's nomination count). For
 * exports and audits, not for the live pipeline.
 */
public final class CountedResponses {

  private static final Comparator<SurveyResponse> ORDER = Comparator.comparing(SurveyResponse::getCycleId)
      .thenComparing(SurveyResponse::getTeamId)
      .thenComparing(SurveyResponse::getSubjectId)
      .thenComparing(SurveyResponse::getRaterId);

  private final InputScope scope;
  private final Roster roster;
  private final Map<ResponseKey, ResponseState> states = new HashMap<>();
  /** The whole response each state's summary was made from, for {@link #counted()}. */
  private final Map<ResponseKey, SurveyResponse> responses = new HashMap<>();
  private long invalid;

  /** Counting as an open-roster app does (every valid response). */
  public CountedResponses(InputScope scope) {
    this(scope, Roster.OPEN);
  }

  /** Counting as an app with this roster does; feed it the nominations too ({@link #applyNomination}). */
  public CountedResponses(InputScope scope, Roster roster) {
    this.scope = Objects.requireNonNull(scope, "scope");
    this.roster = Objects.requireNonNull(roster, "roster");
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
      if (!EventTimes.usable(value.getSubmittedAt().toEpochMilli(), recordTime.toEpochMilli())) {
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
        : LatestResponseRule.submit(current, ResponseStates.summary(value));
    if (decision.changed()) {
      if (value == null) {
        responses.remove(key);
      } else {
        responses.put(key, value);
      }
    }
    states.put(key, RosterRule.settle(current, decision.state(), roster));
  }

  /**
   * Applies one record of the nominations topic.
   *
   * @param value the nomination, or null for a removal
   * @param eventTime its event time: nominatedAt, else the record's timestamp ({@link NominatedAtTimestampExtractor})
   */
  public void applyNomination(ResponseKey key, Nomination value, Instant eventTime) {
    if (key == null) {
      invalid++;
      return;
    }
    if (value != null) {
      try {
        NominationChecks.requireValid(key, value);
      } catch (InvalidResponseException e) {
        invalid++;
        return;
      }
    }
    if (!scope.includesKey(key) || !scope.includesNomination(eventTime.toEpochMilli())) {
      return;
    }
    ResponseState current = states.get(key);
    ResponseState next = RosterRule.settle(current,
        RosterRule.afterNomination(current, RosterRule.ref(value), roster, eventTime), roster);
    if (RosterRule.isEmpty(next)) {
      states.remove(key);
    } else {
      states.put(key, next);
    }
    if (next.getSummary() == null) {
      responses.remove(key);
    }
  }

  /** Records left out as invalid (the streams app sends them to its dead-letter topic). */
  public long invalid() {
    return invalid;
  }

  /** The responses the scores count (none held by the strict roster), sorted by cycle, team, subject and rater. */
  public List<SurveyResponse> counted() {
    return states.entrySet().stream()
        .filter(state -> state.getValue().getSummary() != null && !state.getValue().getHeld())
        .map(state -> responses.get(state.getKey()))
        .sorted(ORDER)
        .toList();
  }
}

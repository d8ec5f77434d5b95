package dev.feedback360.streams.topology;

import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.internal.CountedSummary;
import dev.feedback360.avro.internal.NominationRef;
import dev.feedback360.avro.internal.ResponseContribution;
import dev.feedback360.avro.internal.ResponseState;
import dev.feedback360.streams.scoring.TeamAggregate;
import java.time.Instant;
import java.util.List;

/**
 * A key's state as the rules read and write it. The counted response is kept as its {@link CountedSummary} (its team,
 * group, submission time, digest and contribution cells: a stored value of about 70 bytes), not whole (about 340):
 * that is all the latest-response rule, the roster rule and the team's totals need of it. State written before the
 * summary existed holds the whole response instead, and is read through {@link #counted}, which works the summary
 * out from it; any state written from then on holds the summary only.
 */
public final class ResponseStates {

  private ResponseStates() {}

  /** The summary of the response counted in {@code state}; null when there is none (or no state). */
  public static CountedSummary counted(ResponseState state) {
    if (state == null) {
      return null;
    }
    if (state.getSummary() != null) {
      return state.getSummary();
    }
    SurveyResponse whole = state.getCounted();
    return whole == null ? null : summary(whole);
  }

  /** The summary of a response. */
  public static CountedSummary summary(SurveyResponse response) {
    return summary(response, TeamAggregate.contributionCells(response));
  }

  /**
   * The summary of a response as the scores count it: its answers' squares where the rule reads them ({@code
   * squaresRead}), the least its counts and sums allow where sd is withheld ({@link TeamAggregate#contributionCells(
   * SurveyResponse, boolean)}).
   */
  public static CountedSummary summary(SurveyResponse response, boolean squaresRead) {
    return summary(response, TeamAggregate.contributionCells(response, squaresRead));
  }

  /** {@link #summary(SurveyResponse)} for the response's {@link TeamAggregate#contributionCells}. */
  static CountedSummary summary(SurveyResponse response, long[] cells) {
    return new CountedSummary(response.getTeamId(), response.getRaterGroup(),
        response.getSubmittedAt().toEpochMilli(), ResponseDigest.of(response), TeamAggregate.cells(cells));
  }

  /** What the counted response adds to its team's totals, for the key's rater. */
  public static ResponseContribution contribution(CountedSummary counted, String raterId) {
    return new ResponseContribution(raterId, counted.getRaterGroup(), counted.getCells());
  }

  /** A state as written from now on: the counted response as its summary, never whole; never moved. */
  public static ResponseState of(CountedSummary counted, Instant erasedThrough, NominationRef nomination,
      boolean held, boolean rostered) {
    return of(counted, erasedThrough, nomination, held, rostered, null);
  }

  /**
   * {@link #of(CountedSummary, Instant, NominationRef, boolean, boolean)} with the response that last left the scores
   * by a move ({@link RosterRule#settle}).
   */
  static ResponseState of(CountedSummary counted, Instant erasedThrough, NominationRef nomination, boolean held,
      boolean rostered, CountedSummary movedFrom) {
    return of(counted, erasedThrough, nomination, held, rostered, movedFrom, List.of());
  }

  /**
   * {@link #of(CountedSummary, Instant, NominationRef, boolean, boolean, CountedSummary)} with the fingerprints of the
   * cells the key's scored responses held before their corrections ({@link RosterRule#settle}).
   */
  static ResponseState of(CountedSummary counted, Instant erasedThrough, NominationRef nomination, boolean held,
      boolean rostered, CountedSummary movedFrom, List<Long> earlierCells) {
    return of(counted, erasedThrough, nomination, held, rostered, movedFrom, earlierCells, List.of());
  }

  /**
   * {@link #of(CountedSummary, Instant, NominationRef, boolean, boolean, CountedSummary, List)} with the scored
   * responses the key's corrections replaced ({@link RosterRule#settle}).
   */
  static ResponseState of(CountedSummary counted, Instant erasedThrough, NominationRef nomination, boolean held,
      boolean rostered, CountedSummary movedFrom, List<Long> earlierCells, List<Long> earlierForms) {
    return new ResponseState(null, erasedThrough, nomination, held, rostered, counted, movedFrom, earlierCells,
        earlierForms);
  }
}

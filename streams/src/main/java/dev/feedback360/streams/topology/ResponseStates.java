package dev.feedback360.streams.topology;

import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.internal.CountedSummary;
import dev.feedback360.avro.internal.NominationRef;
import dev.feedback360.avro.internal.ResponseContribution;
import dev.feedback360.avro.internal.ResponseState;
import dev.feedback360.streams.scoring.TeamAggregate;
import java.time.Instant;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

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

  /** {@link #summary(SurveyResponse)} for the response's {@link TeamAggregate#contributionCells}. */
  static CountedSummary summary(SurveyResponse response, long[] cells) {
    return new CountedSummary(response.getTeamId(), response.getRaterGroup(),
        response.getSubmittedAt().toEpochMilli(), ResponseDigest.of(response), cells(cells));
  }

  /**
   * Cells as the list the Avro classes hold ({@code CountedSummary}, {@code ResponseContribution}), over the array
   * they were computed or unpacked into: no box per cell unless read.
   */
  static List<Long> cells(long[] values) {
    return new CellList(values);
  }

  /** What the counted response adds to its team's totals, for the key's rater. */
  public static ResponseContribution contribution(CountedSummary counted, String raterId) {
    return new ResponseContribution(raterId, counted.getRaterGroup(), counted.getCells());
  }

  /** A state as written from now on: the counted response as its summary, never whole. */
  public static ResponseState of(CountedSummary counted, Instant erasedThrough, NominationRef nomination,
      boolean held, boolean rostered) {
    return new ResponseState(null, erasedThrough, nomination, held, rostered, counted);
  }

  /** A read-only list over an array of cells. */
  private static final class CellList extends AbstractList<Long> implements RandomAccess {
    private final long[] values;

    CellList(long[] values) {
      this.values = values;
    }

    @Override
    public Long get(int index) {
      return values[index];
    }

    @Override
    public int size() {
      return values.length;
    }
  }
}

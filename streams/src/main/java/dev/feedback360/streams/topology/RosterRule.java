package dev.feedback360.streams.topology;

import dev.feedback360.avro.Nomination;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.internal.CountedSummary;
import dev.feedback360.avro.internal.NominationRef;
import dev.feedback360.avro.internal.ResponseChange;
import dev.feedback360.avro.internal.ResponseContribution;
import dev.feedback360.avro.internal.ResponseState;
import dev.feedback360.avro.internal.RosterChange;
import dev.feedback360.avro.internal.RosterStatus;
import dev.feedback360.streams.scoring.TeamAggregate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The roster rule for one ResponseKey (pure; no Kafka), shared by the topology, {@link CountedResponses} and so
 * replays and exports. A key's nomination is the latest nomination value on it (a re-sent value with another team or
 * group moves it; a null removes it). Its counted response (by {@link LatestResponseRule}) <em>answers</em> the
 * nomination when both name the same team and rater group. Roster {@link Roster#OPEN}: every counted response is in
 * the scores. {@link Roster#STRICT}: only one that answers; any other is held (kept, counted nowhere) and enters the
 * scores as soon as a matching nomination arrives; a removed or moved nomination takes it out like a withdrawal.
 *
 * <p>{@link #changes} turns a key's state before and after one record into what its teams must apply: per team the
 * score contribution that stops and starts counting, the cells on which it counts towards N nowhere (moves, and what
 * the key's history of replaced responses says of a correction: {@link KeyHistory}), and the key's participation
 * status there before and after.
 */
public final class RosterRule {

  /** A change for one team: the record to send on the team-changes topic. */
  public record TeamChange(TeamKey team, ResponseChange change) {}

  private static final RosterStatus NONE = new RosterStatus(null, false, false);

  private RosterRule() {}

  /** Where a nomination value puts its rater; null for a removal. */
  public static NominationRef ref(Nomination nomination) {
    return nomination == null ? null : new NominationRef(nomination.getTeamId(), nomination.getRaterGroup());
  }

  /** Whether the response answers the nomination: same team and same rater group (both non-null). */
  public static boolean answers(CountedSummary response, NominationRef nomination) {
    return response != null && nomination != null && response.getTeamId().equals(nomination.getTeamId())
        && response.getRaterGroup() == nomination.getRaterGroup();
  }

  /** Whether the scores count the response under this nomination (null = none) and roster. */
  public static boolean inScores(CountedSummary response, NominationRef nomination, Roster roster) {
    return response != null && (roster == Roster.OPEN || answers(response, nomination));
  }

  /** The key's nomination in {@code state}, or null. */
  public static NominationRef nomination(ResponseState state) {
    return state == null ? null : state.getNomination();
  }

  /**
   * The state with its nomination replaced (the other fields kept); a new state when there was none. Call
   * {@link #settle} on the result before storing it.
   */
  public static ResponseState withNomination(ResponseState state, NominationRef nomination) {
    return state == null
        ? ResponseStates.of(null, null, nomination, false, false)
        : ResponseStates.of(ResponseStates.counted(state), state.getErasedThrough(), nomination, state.getHeld(),
            state.getRostered());
  }

  /**
   * The state after a nomination record under {@code roster}: {@link #withNomination}, and under the strict roster a
   * response that was in the scores and stops answering (the nomination removed, or moved to another team or group)
   * is erased as a withdrawal erases it ({@link LatestResponseRule#withdraw}: everything submitted at or before it
   * never counts again), not kept held. Were it held, removing and re-adding nominations would take raters out of the
   * scores and put them back at will, changes that cancel out, so that two records N raters apart each step could
   * differ by one rater in all (docs/privacy.md, "Roster changes erase"). A response that never counted (it came
   * before its nomination, or does not match it) stays held until a matching nomination counts it. Call
   * {@link #settle} on the result before storing it.
   */
  public static ResponseState afterNomination(ResponseState state, NominationRef nomination, Roster roster,
      Instant eventTime) {
    ResponseState next = withNomination(state, nomination);
    boolean wasScored = ResponseStates.counted(state) != null && !state.getHeld() && state.getRostered();
    if (roster == Roster.STRICT && wasScored && !inScores(ResponseStates.counted(next), nomination, roster)) {
      ResponseState erased = LatestResponseRule.withdraw(state, eventTime).state();
      return ResponseStates.of(null, erased.getErasedThrough(), nomination, false, next.getRostered());
    }
    return next;
  }

  /**
   * The state as stored: whether its counted response is held out of the scores under {@code roster}, marked as
   * counted in participation, and which response of the key last left the scores by a move ({@code movedFrom}): the
   * one counted before, when the response counted now is in another team, or held in its place (HR relabelled the
   * response before its nomination). Kept while the key's response stays elsewhere; a withdrawal forgets it. Returns
   * the same instance when nothing changes.
   *
   * @param previous the key's state before this record (null when none)
   */
  public static ResponseState settle(ResponseState previous, ResponseState state, Roster roster) {
    CountedSummary counted = ResponseStates.counted(state);
    boolean held = counted != null && !inScores(counted, state.getNomination(), roster);
    CountedSummary movedFrom = counted == null ? null : movedFrom(previous, counted, held);
    List<Long> earlier = KeyHistory.earlierCells(previous, counted);
    List<Long> forms = KeyHistory.earlierForms(previous, counted);
    if (state.getHeld() == held && state.getRostered() && Objects.equals(state.getMovedFrom(), movedFrom)
        && state.getEarlierCells().equals(earlier) && state.getEarlierForms().equals(forms)) {
      return state;
    }
    // The constructor, not a builder: Avro's builders deep-copy the fields, once per record on the hot path.
    return ResponseStates.of(counted, state.getErasedThrough(), state.getNomination(), held, true, movedFrom,
        earlier, forms);
  }

  /**
   * Whether the key's counted response came into its team from another: the response that last left the scores by a
   * move ({@code movedFrom}, kept until a withdrawal) was in another team.
   */
  public static boolean cameFromAnotherTeam(ResponseState state, CountedSummary counted) {
    return state.getMovedFrom() != null && !state.getMovedFrom().getTeamId().equals(counted.getTeamId());
  }

  private static CountedSummary movedFrom(ResponseState previous, CountedSummary counted, boolean held) {
    CountedSummary before = ResponseStates.counted(previous);
    if (before == null) {
      return null;
    }
    boolean scoredBefore = !previous.getHeld();
    if (scoredBefore && (held || !before.getTeamId().equals(counted.getTeamId()))) {
      return before;
    }
    return previous.getMovedFrom();
  }

  /**
   * The cells on which a change that leaves {@code counted} in the scores has only moved the key's scores: the
   * response that last left the scores by a move ({@code movedFrom}) had the same scores there, in another team or
   * group. Wherever the path went in between (an edit with the move, reverted later), the response puts back there
   * what left, so the change counts towards N in no team or group (docs/privacy.md); it may count less than it
   * could (the new place published the edit in between), never more.
   */
  public static int movedCells(CountedSummary movedFrom, CountedSummary counted) {
    if (movedFrom == null || counted == null || movedFrom.getTeamId().equals(counted.getTeamId())
        && movedFrom.getRaterGroup() == counted.getRaterGroup()) {
      return 0;
    }
    return TeamAggregate.sameCells(movedFrom.getCells(), counted.getCells());
  }

  /** True when the state holds nothing worth keeping (no response, no nomination, nothing erased). */
  public static boolean isEmpty(ResponseState state) {
    return ResponseStates.counted(state) == null && state.getNomination() == null
        && state.getErasedThrough() == null;
  }

  /**
   * What the key's teams must apply when its state goes from {@code before} to {@code after} (both settled; before
   * may be null): at most one record per team involved, none when nothing changed for any team. A correction within a
   * team is one record; a move is a subtraction for one team and an addition for the other. The scores part comes
   * from what the state says is in the scores (not held), so a change of roster between runs never subtracts what
   * was not added.
   *
   * @param squaresRead whether the rule reads the answers' squares, or, where sd is withheld, counts and sums only
   *     ({@link KeyHistory#revertedCells})
   */
  public static List<TeamChange> changes(String cycleId, String raterId, ResponseState before, ResponseState after,
      boolean squaresRead) {
    CountedSummary responseBefore = ResponseStates.counted(before);
    CountedSummary responseAfter = ResponseStates.counted(after);
    boolean scoredBefore = responseBefore != null && !before.getHeld();
    boolean scoredAfter = responseAfter != null && !after.getHeld();
    NominationRef nominationBefore = nomination(before);
    NominationRef nominationAfter = after.getNomination();
    boolean rosteredBefore = before != null && before.getRostered();
    Set<String> teams = new LinkedHashSet<>(4);
    addTeam(teams, responseBefore == null ? null : responseBefore.getTeamId());
    addTeam(teams, nominationBefore == null ? null : nominationBefore.getTeamId());
    addTeam(teams, responseAfter == null ? null : responseAfter.getTeamId());
    addTeam(teams, nominationAfter == null ? null : nominationAfter.getTeamId());
    List<TeamChange> changes = new ArrayList<>(teams.size());
    // Moves count towards N in no team (TeamAggregate#change), or two teams' differences added up would cancel the
    // moved responses out and leave what else the two batches changed. A scored response leaving for another team,
    // or replaced by a held one (strict roster), departs; it arrives where it is counted next, in another team or
    // out of held. Neither step counts anywhere, edited or not: whatever version the key last counted, either side
    // may have published another one, so only a team's own raters' changes may make its N (reviews five and six:
    // chains of moves edited on the way, relabels before a move). Any later change counts unless it leaves the
    // response elsewhere with the scores that left (settle's movedFrom), whatever the path. An erasure (a withdrawal,
    // or under the strict roster the nomination moved away) departs too, and a response that enters the scores after
    // it arrives: it may be the erased one sent again, elsewhere or unchanged, which the key must not remember
    // (seventh review: a moved response withdrawn and sent again). Counted, the erasure filled a batch whose other
    // side rode uncounted elsewhere: relabels or team moves by withdrawal in both directions left one rater's answers
    // between two records (eighth review).
    boolean departs = scoredBefore
        && (!scoredAfter || !responseBefore.getTeamId().equals(responseAfter.getTeamId()));
    boolean arrives = scoredAfter && (afterErasure(before, after) || after.getMovedFrom() != null
        && responseBefore != null && (!scoredBefore || !responseBefore.getTeamId().equals(responseAfter.getTeamId())));
    int departure = departs ? TeamAggregate.scoredCells(responseBefore.getCells()) : 0;
    int arrival = arrives ? TeamAggregate.scoredCells(responseAfter.getCells())
        : scoredAfter ? movedCells(after.getMovedFrom(), responseAfter) : 0;
    if (scoredAfter && !scoredBefore && !arrives && responseBefore != null) {
      // Out of held into the scores (strict roster): a cell that a correction made while the response waited left
      // holding scores of one value counts nowhere, as such a correction of a form not yet shown counts nowhere.
      arrival |=
          KeyHistory.heldFixedCells(after.getEarlierForms(), responseAfter.getRaterGroup(), responseAfter.getCells(),
              squaresRead);
    }
    if (scoredBefore && scoredAfter && !departs) {
      // A correction within the team that puts cells back to what the key held before, or only moves scores between
      // cells, counts nowhere there; nor does any correction of a key whose scores were erased once (its earlier
      // cells went with the erasure).
      arrival |= after.getErasedThrough() != null ? KeyHistory.erasedKeyCells(responseBefore, responseAfter)
          : KeyHistory.revertedCells(after.getEarlierCells(), after.getEarlierForms(),
              cameFromAnotherTeam(after, responseAfter),
              responseBefore.getRaterGroup(), responseBefore.getCells(), responseAfter.getRaterGroup(),
              responseAfter.getCells(), squaresRead);
    }
    for (String team : teams) {
      CountedSummary out = scoredBefore && team.equals(responseBefore.getTeamId()) ? responseBefore : null;
      CountedSummary in = scoredAfter && team.equals(responseAfter.getTeamId()) ? responseAfter : null;
      if (out != null && out.equals(in)) {
        out = null;
        in = null;
      }
      RosterStatus statusBefore = rosteredBefore ? status(team, responseBefore, nominationBefore) : NONE;
      RosterStatus statusAfter = status(team, responseAfter, nominationAfter);
      RosterChange roster = statusBefore.equals(statusAfter) ? null
          : new RosterChange(raterId, statusBefore, statusAfter);
      if (out != null || in != null || roster != null) {
        changes.add(new TeamChange(new TeamKey(cycleId, team),
            new ResponseChange(contribution(out, raterId), contribution(in, raterId), roster,
                (in != null ? arrival : 0) | (out != null && in == null ? departure : 0))));
      }
    }
    return changes;
  }

  /**
   * Whether the key's response enters the scores after the key's scores were erased: nothing of the key was scored
   * before, and an erasure is on record (the key keeps when, never what).
   */
  public static boolean afterErasure(ResponseState before, ResponseState after) {
    boolean scoredBefore = ResponseStates.counted(before) != null && !before.getHeld();
    return !scoredBefore && after.getErasedThrough() != null && ResponseStates.counted(after) != null
        && !after.getHeld();
  }

  private static void addTeam(Set<String> teams, String team) {
    if (team != null) {
      teams.add(team);
    }
  }

  private static ResponseContribution contribution(CountedSummary response, String raterId) {
    return response == null ? null : ResponseStates.contribution(response, raterId);
  }

  /** The key's participation status in one team. */
  static RosterStatus status(String team, CountedSummary response, NominationRef nomination) {
    boolean nominatedHere = nomination != null && team.equals(nomination.getTeamId());
    boolean answered = answers(response, nomination);
    boolean unnominated = response != null && team.equals(response.getTeamId()) && !answered;
    if (!nominatedHere && !unnominated) {
      return NONE;
    }
    return new RosterStatus(nominatedHere ? nomination.getRaterGroup() : null, nominatedHere && answered,
        unnominated);
  }
}

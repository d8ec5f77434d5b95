package dev.feedback360.streams.privacy;

import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which responses count under {@code --roster strict}, written from the docs alone (docs/hr-guide.md, "Open or strict
 * roster", "Nominate" and "Close the cycle"; docs/wire-format.md, "survey-nominations"; docs/privacy.md, "Roster
 * changes erase"):
 *
 * <ul>
 *   <li>Per key, the responses themselves follow docs/scoring.md exactly as under the open roster ({@link
 *       ResponseModel}): the key's <em>latest</em> response is the one the open roster would count.
 *   <li>"A response counts in the scores only while it answers its nomination": the latest response counts when the
 *       key has a nomination with the response's team and group; otherwise it is <em>held</em> (counted nowhere).
 *   <li>"Latest wins, per key": a nomination's team and group are those of the latest value under its key; "a null
 *       value (tombstone) removes it".
 *   <li>"One that arrives before its nomination is held and counts as soon as the nomination arrives (no need to send
 *       it again)": a held response starts counting when a nomination with its team and group arrives.
 *   <li>"A nomination removed or moved to another team or group takes the response out of every score and erases it,
 *       as a withdrawal would: a later matching nomination does not bring it back (the rater answers again, and that
 *       newer answer counts)": a removal, or a value with another team or group, erases the response that counted
 *       under the old nomination exactly as a withdrawal at the roster record's time would (docs/scoring.md, rule 3:
 *       responses submitted at or before the later of that time and the erased response's submittedAt never count
 *       again).
 *   <li>"Send the response again with the new team or group first, then move the nomination: the response is held in
 *       between and counts as moved, not erased": a move or removal erases only a response that <em>counts</em>; a
 *       held one (it does not answer the old nomination) stays, and counts once a nomination it answers arrives.
 *   <li>A nomination sent again with the same team and group moves nothing and erases nothing.
 * </ul>
 */
final class StrictRosterModel extends ResponseModel {

  /** A key's nomination: what a response must carry to answer it. */
  record Nomination(String team, RaterGroup group) {}

  private final Map<ResponseKey, Nomination> nominations = new HashMap<>();

  @Override
  void apply(InputEvent event) {
    ResponseKey key = event.key();
    if (event instanceof InputEvent.Nominate nominate) {
      Nomination now = new Nomination(nominate.team(), nominate.group());
      Nomination old = nominations.get(key);
      if (old != null && !old.equals(now)) {
        eraseIfCounted(key, nominate.time());
      }
      nominations.put(key, now);
    } else if (event instanceof InputEvent.Unnominate removal) {
      if (nominations.containsKey(key)) {
        eraseIfCounted(key, removal.time());
        nominations.remove(key);
      }
    } else {
      super.apply(event);
    }
  }

  private void eraseIfCounted(ResponseKey key, Instant at) {
    if (counted(key).isPresent()) {
      super.apply(new InputEvent.Withdraw(key, at));
    }
  }

  /** The key's latest response, counted or held: what the open roster would count. */
  Optional<SurveyResponse> latest(ResponseKey key) {
    return super.counted(key);
  }

  @Override
  Optional<SurveyResponse> counted(ResponseKey key) {
    return super.counted(key).filter(this::answersItsNomination);
  }

  /** Whether the key has a response that does not count (no nomination, or one of another team or group). */
  boolean held(ResponseKey key) {
    return latest(key).isPresent() && counted(key).isEmpty();
  }

  Optional<Nomination> nomination(ResponseKey key) {
    return Optional.ofNullable(nominations.get(key));
  }

  @Override
  Collection<SurveyResponse> countedResponses() {
    List<SurveyResponse> result = new ArrayList<>();
    for (SurveyResponse response : super.countedResponses()) {
      if (answersItsNomination(response)) {
        result.add(response);
      }
    }
    return result;
  }

  private boolean answersItsNomination(SurveyResponse response) {
    Nomination nomination = nominations.get(
        new ResponseKey(response.getCycleId(), response.getSubjectId(), response.getRaterId()));
    return nomination != null && nomination.team().equals(response.getTeamId())
        && nomination.group() == response.getRaterGroup();
  }
}

package dev.feedback360.streams.privacy;

import dev.feedback360.avro.Answer;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which responses count, written from docs/scoring.md alone: one response per key (cycle, subject, rater); the
 * greatest submittedAt wins, an equal one arriving later replaces, an older one is ignored; a withdrawal erases the
 * counted response and blocks every response submitted at or before the later of the withdrawal time and the erased
 * response's submittedAt.
 */
class ResponseModel {

  private final Map<ResponseKey, SurveyResponse> counted = new HashMap<>();
  /** Per withdrawn key: responses submitted at or before this epoch millisecond never count again. */
  private final Map<ResponseKey, Long> blockedUpTo = new HashMap<>();

  void apply(InputEvent event) {
    if (event instanceof InputEvent.RosterChange) {
      return; // Open roster: nominations only feed participation (docs/hr-guide.md, "Open or strict roster").
    }
    ResponseKey key = event.key();
    if (event instanceof InputEvent.Submit submit) {
      SurveyResponse response = submit.response();
      long at = response.getSubmittedAt().toEpochMilli();
      Long blocked = blockedUpTo.get(key);
      if (blocked != null && at <= blocked) {
        return;
      }
      SurveyResponse current = counted.get(key);
      if (current == null || at >= current.getSubmittedAt().toEpochMilli()) {
        counted.put(key, response);
      }
    } else {
      SurveyResponse erased = counted.remove(key);
      long bound = event.time().toEpochMilli();
      if (erased != null) {
        bound = Math.max(bound, erased.getSubmittedAt().toEpochMilli());
      }
      blockedUpTo.merge(key, bound, Math::max);
    }
  }

  Optional<SurveyResponse> counted(ResponseKey key) {
    return Optional.ofNullable(counted.get(key));
  }

  /** Every response that counts now. */
  Collection<SurveyResponse> countedResponses() {
    return counted.values();
  }

  /** Whether a key was ever withdrawn. */
  boolean everWithdrawn(ResponseKey key) {
    return blockedUpTo.containsKey(key);
  }

  /** Whether a key was withdrawn and nothing counts under it now. */
  boolean withdrawn(ResponseKey key) {
    return blockedUpTo.containsKey(key) && !counted.containsKey(key);
  }

  /** Whether any response counts for the team (a team without one is a tombstone). */
  boolean hasResponses(String cycle, String team) {
    return countedResponses().stream()
        .anyMatch(response -> response.getCycleId().equals(cycle) && response.getTeamId().equals(team));
  }

  /** The exact contributions of every rater of the team, per cell and group: contributions[cell][group]. */
  TeamContributions team(String cycle, String team) {
    TeamContributions result = new TeamContributions();
    for (SurveyResponse response : countedResponses()) {
      if (response.getCycleId().equals(cycle) && response.getTeamId().equals(team)) {
        int group = response.getRaterGroup().ordinal();
        for (Answer answer : response.getAnswers()) {
          if (answer.getScore() != null) {
            result.cells[Cells.of(answer)][group].merge(response.getRaterId(),
                Contribution.NONE.plusScore(answer.getScore()), Contribution::plus);
            result.forms[Cells.of(answer)][group].merge(response.getRaterId() + "/" + response.getSubjectId(),
                Contribution.NONE.plusScore(answer.getScore()), Contribution::plus);
          }
        }
      }
    }
    return result;
  }

  /** One team's exact state: per cell and group, each rater's contribution (raters without a score are absent). */
  static final class TeamContributions {

    static final int GROUPS = RaterGroup.values().length;

    @SuppressWarnings("unchecked")
    final Map<String, Contribution>[][] cells = (Map<String, Contribution>[][]) new Map<?, ?>[Cells.COUNT][GROUPS];

    /** The same per form ("rater/subject"): a rater's forms for several subjects of the team apart. */
    @SuppressWarnings("unchecked")
    final Map<String, Contribution>[][] forms = (Map<String, Contribution>[][]) new Map<?, ?>[Cells.COUNT][GROUPS];

    TeamContributions() {
      for (int cell = 0; cell < Cells.COUNT; cell++) {
        for (int group = 0; group < GROUPS; group++) {
          cells[cell][group] = new TreeMap<>();
          forms[cell][group] = new TreeMap<>();
        }
      }
    }

    /** Distinct raters of the group with at least one score anywhere in the team (the live count). */
    int raters(int group) {
      Set<String> raters = new HashSet<>();
      for (int cell = 0; cell < Cells.COUNT; cell++) {
        raters.addAll(cells[cell][group].keySet());
      }
      return raters.size();
    }

    boolean isEmpty() {
      for (int cell = 0; cell < Cells.COUNT; cell++) {
        for (int group = 0; group < GROUPS; group++) {
          if (!cells[cell][group].isEmpty()) {
            return false;
          }
        }
      }
      return true;
    }
  }
}

package dev.feedback360.producer.nudge;

import dev.feedback360.avro.Answer;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who has not answered their nomination in a cycle, and which groups are at risk, by the rules of the participation
 * contract (pure: no I/O; pseudonymised ids only, the raw rows ride along untouched):
 * <ul>
 *   <li>a nomination is identified by its key; the last one of a key in the list counts (its team and group);</li>
 *   <li>it is answered when its key has a counted response whose team and rater group equal the nomination's;</li>
 *   <li>per (team, group) of the nominations: {@code invited} = distinct raters nominated there, {@code responded} =
 *       distinct raters with an answered nomination there, {@code counted} = distinct raters of the team's group
 *       with a counted response holding at least one score (nominated or not: the open roster), and
 *       {@code atRisk} = invited &gt; 0 and counted &lt; k.</li>
 * </ul>
 */
public final class NudgeList {

  /**
   * One nomination, pseudonymised, with what it came from.
   *
   * @param key cycle, subject and pseudonymised rater
   * @param row what to print for it (the raw row); never looked at
   */
  public record Nominated<T>(ResponseKey key, String teamId, RaterGroup group, T row) {

    public Nominated {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(teamId, "teamId");
      Objects.requireNonNull(group, "group");
    }
  }

  /** The participation of one nominated group of a team: counts only. */
  public record Group(String teamId, RaterGroup group, int invited, int responded, int counted, boolean atRisk) {}

  /**
   * The list.
   *
   * @param notAnswered the rows of the nominations not answered, in list order, after the filters
   * @param groups every nominated group (after the team filter), by team then group order
   */
  public record Result<T>(List<T> notAnswered, List<Group> groups) {}

  private record TeamGroup(String teamId, RaterGroup group) {}

  private static final Comparator<TeamGroup> ORDER =
      Comparator.comparing(TeamGroup::teamId).thenComparing(TeamGroup::group);

  private NudgeList() {}

  /**
   * Works the list out.
   *
   * @param cycle the cycle; nominations and responses of other cycles are left out
   * @param nominations the nominations in file order (a later one of a key replaces an earlier one)
   * @param counted the counted responses (latest-response rule applied, withdrawals erased), of any cycle
   * @param minRaters k
   * @param team only this team, or null for every team
   * @param atRiskOnly keep only nominations of at-risk groups
   */
  public static <T> Result<T> of(String cycle, List<Nominated<T>> nominations, Collection<SurveyResponse> counted,
      int minRaters, String team, boolean atRiskOnly) {
    Map<ResponseKey, Nominated<T>> latest = new HashMap<>();
    for (Nominated<T> nomination : nominations) {
      latest.put(nomination.key(), nomination);
    }
    Map<ResponseKey, SurveyResponse> responses = new HashMap<>();
    Map<TeamGroup, Set<String>> scoringRaters = new HashMap<>();
    for (SurveyResponse response : counted) {
      if (!response.getCycleId().equals(cycle)) {
        continue;
      }
      responses.put(new ResponseKey(response.getCycleId(), response.getSubjectId(), response.getRaterId()), response);
      if (response.getAnswers().stream().map(Answer::getScore).anyMatch(Objects::nonNull)) {
        scoringRaters.computeIfAbsent(new TeamGroup(response.getTeamId(), response.getRaterGroup()),
            g -> new HashSet<>()).add(response.getRaterId());
      }
    }
    List<Nominated<T>> current = new ArrayList<>();
    Map<TeamGroup, Set<String>> invited = new TreeMap<>(ORDER);
    Map<TeamGroup, Set<String>> responded = new HashMap<>();
    for (Nominated<T> nomination : nominations) {
      if (!nomination.key().getCycleId().equals(cycle) || latest.get(nomination.key()) != nomination
          || (team != null && !team.equals(nomination.teamId()))) {
        continue;
      }
      current.add(nomination);
      TeamGroup group = new TeamGroup(nomination.teamId(), nomination.group());
      invited.computeIfAbsent(group, g -> new HashSet<>()).add(nomination.key().getRaterId());
      if (answered(nomination, responses.get(nomination.key()))) {
        responded.computeIfAbsent(group, g -> new HashSet<>()).add(nomination.key().getRaterId());
      }
    }
    List<Group> groups = new ArrayList<>();
    Set<TeamGroup> atRisk = new HashSet<>();
    invited.forEach((group, raters) -> {
      int countedRaters = scoringRaters.getOrDefault(group, Set.of()).size();
      boolean risk = countedRaters < minRaters;
      if (risk) {
        atRisk.add(group);
      }
      groups.add(new Group(group.teamId(), group.group(), raters.size(),
          responded.getOrDefault(group, Set.of()).size(), countedRaters, risk));
    });
    List<T> notAnswered = current.stream()
        .filter(n -> !answered(n, responses.get(n.key())))
        .filter(n -> !atRiskOnly || atRisk.contains(new TeamGroup(n.teamId(), n.group())))
        .map(Nominated::row)
        .toList();
    return new Result<>(notAnswered, groups);
  }

  private static boolean answered(Nominated<?> nomination, SurveyResponse response) {
    return response != null && response.getTeamId().equals(nomination.teamId())
        && response.getRaterGroup() == nomination.group();
  }
}

package dev.feedback360.producer.validate;

import dev.feedback360.avro.RaterGroup;
import dev.feedback360.producer.parse.Columns;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules a response and a nomination share: every id acceptable ({@link IdRules}), the rater group known
 * ({@link RaterGroups}), and a SELF rater is the subject while any other is not (compared on the raw ids, before
 * pseudonymising). Problems name the field, never the value.
 */
final class RaterRules {

  private RaterRules() {}

  /** Adds the problem of an id to {@code problems}; true when there is none. */
  static boolean check(List<String> problems, String field, String value) {
    Optional<String> problem = IdRules.problem(field, value);
    problem.ifPresent(problems::add);
    return problem.isEmpty();
  }

  /**
   * The rater group, or empty with the problem added; the self rule is checked when both ids are valid.
   *
   * @param idsValid whether the subject and rater ids passed {@link #check}
   */
  private static Optional<RaterGroup> group(List<String> problems, String text, String subjectId, String raterId,
      boolean idsValid) {
    Optional<RaterGroup> group = RaterGroups.parse(text);
    if (group.isEmpty()) {
      problems.add(RaterGroups.problem(text));
    } else if (idsValid) {
      selfRule(group.get(), subjectId, raterId).ifPresent(problems::add);
    }
    return group;
  }

  /**
   * Checks the ids and the rater group a response and a nomination share, in this order: cycle, team, subject,
   * rater, group (with the self rule); adds every problem to {@code problems}.
   *
   * @return the rater group, or empty when it is not valid
   */
  static Optional<RaterGroup> raterOfTeam(List<String> problems, String cycleId, String teamId, String subjectId,
      String raterId, String groupText) {
    check(problems, Columns.CYCLE_ID, cycleId);
    check(problems, Columns.TEAM_ID, teamId);
    boolean subjectOk = check(problems, Columns.SUBJECT_ID, subjectId);
    boolean raterOk = check(problems, Columns.RATER_ID, raterId);
    return group(problems, groupText, subjectId, raterId, subjectOk && raterOk);
  }

  /** The problems of the ids of a response key, joined by {@code "; "}; empty when they are valid. */
  static Optional<String> keyProblems(String cycleId, String subjectId, String rawRaterId) {
    List<String> problems = new ArrayList<>();
    check(problems, Columns.CYCLE_ID, cycleId);
    check(problems, Columns.SUBJECT_ID, subjectId);
    check(problems, Columns.RATER_ID, rawRaterId);
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
  }

  private static Optional<String> selfRule(RaterGroup group, String subjectId, String raterId) {
    boolean same = raterId.equals(subjectId);
    if (group == RaterGroup.SELF && !same) {
      return Optional.of("rater_group is SELF but rater_id differs from subject_id");
    }
    if (group != RaterGroup.SELF && same) {
      return Optional.of("rater_id equals subject_id but rater_group is " + group + "; a self-rating must be SELF");
    }
    return Optional.empty();
  }
}

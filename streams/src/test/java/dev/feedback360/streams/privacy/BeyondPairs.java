package dev.feedback360.streams.privacy;

import static dev.feedback360.streams.privacy.PublicationChecker.OTHER_GROUPS;
import static dev.feedback360.streams.privacy.PublicationChecker.SELF;
import static dev.feedback360.streams.privacy.PublicationChecker.SELF_GROUP;
import static dev.feedback360.streams.privacy.PublicationChecker.pooled;

import dev.feedback360.streams.privacy.PublicationChecker.Explained;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The checker's readings of a team's records beyond two at a time: every integer combination of them, each
 * contribution an unknown ({@link RecordCombinations}), and every two batches against each other by value. The
 * records come as {@link PublicationChecker} explained them.
 */
final class BeyondPairs {

  private final int minChange;

  BeyondPairs(int minChange) {
    this.minChange = minChange;
  }

  /**
   * Two batches read against each other, by value: the change between two records next to each other (on a cell)
   * less, or plus, the change between two others, {@code (r2 - r1) - (r4 - r3)}. A rater who made the same change in
   * both batches (or undid in one what they did in the other) vanishes from it; where fewer than N raters are left,
   * and each batch has N or more, the pair of batches is counted (docs/privacy.md, "What remains": the raters' changes
   * repeat by coincidence, which the structural reading of {@link #combinations} does not see). Two batches next to
   * each other summed are two records apart, which the pairs judge.
   */
  void batchDifferences(ContributionHistory history, int team, List<Explained> records,
      CheckReport report) {
    for (int cell = 0; cell < Cells.COUNT; cell++) {
      List<Map<String, Contribution>> changes = new ArrayList<>();
      List<String> between = new ArrayList<>();
      Map<String, Contribution> previous = null;
      int previousMoment = -1;
      for (Explained record : records) {
        List<int[]> choices = record.values()[cell];
        if (record.published().value() == null || choices == null || choices.size() > 1) {
          previous = null;
          continue;
        }
        Map<String, Contribution> pooled =
            pooled(history, team, cell, choices.get(0), OTHER_GROUPS);
        if (previous != null && !pooled.equals(previous)) {
          changes.add(combine(pooled, previous, -1));
          between.add("#" + previousMoment + " -> #" + record.published().moment());
        }
        previous = pooled;
        previousMoment = record.published().moment();
      }
      for (int a = 0; a < changes.size(); a++) {
        for (int b = a + 1; b < changes.size(); b++) {
          if (changes.get(a).size() < minChange || changes.get(b).size() < minChange) {
            continue;
          }
          for (int sign : b == a + 1 ? new int[] {-1} : new int[] {-1, 1}) {
            Map<String, Contribution> left = combine(changes.get(a), changes.get(b), sign);
            if (!left.isEmpty() && left.size() < minChange) {
              int first = a;
              int second = b;
              int c = cell;
              report.batchDifference(() -> "seed " + history.sequence().seed() + " team "
                  + history.sequence().teams().get(team) + " " + Cells.name(c) + ": the change " + between.get(first)
                  + (sign < 0 ? " less" : " plus") + " the change " + between.get(second) + " is what " + left
                  + " changed\n" + history.sequence().describe());
            }
          }
        }
      }
    }
  }

  /** Per rater, {@code first} plus {@code sign} times {@code second}; raters left at nothing are left out. */
  private static Map<String, Contribution> combine(Map<String, Contribution> first, Map<String, Contribution> second,
      int sign) {
    Map<String, Contribution> result = new TreeMap<>(first);
    second.forEach((rater, contribution) -> result.merge(rater,
        sign < 0 ? Contribution.NONE.minus(contribution) : contribution, Contribution::plus));
    result.values().removeIf(contribution -> contribution.equals(Contribution.NONE));
    return result;
  }

  /**
   * Every integer combination of the team's records on each cell, every rater's contribution through each form read
   * as an unknown ({@link RecordCombinations}), and of their {@code selfBalance}s on each axis, each SELF form's
   * leader and manager sums weighed by one over their part's count as a reader who knows the counts weighs them: none
   * may single out fewer than N raters. A set that one or two records already single out is counted apart: the pairs
   * above judge it by value (a failure, or a residual docs/privacy.md names). Records whose cell reads more than one
   * way, or whose parts the model saw split otherwise between a rater's forms, are left out (counted).
   */
  void combinations(ContributionHistory history, List<List<Explained>> explainedByTeam,
      CheckReport report) {
    Sequence sequence = history.sequence();
    for (int slot = 0; slot < Cells.COUNT + 3; slot++) {
      boolean self = slot >= Cells.COUNT;
      int cell = self ? 2 * (slot - Cells.COUNT) : slot;
      String what = self ? "selfBalance of " + Cells.name(cell) : Cells.name(cell);
      List<Map<RecordCombinations.Term, Long>> everyTeam = new ArrayList<>();
      List<String> everyTeamRecords = new ArrayList<>();
      boolean singledOut = false;
      for (int team = 0; team < explainedByTeam.size(); team++) {
        List<Map<RecordCombinations.Term, Long>> terms = new ArrayList<>();
        List<Integer> moments = new ArrayList<>();
        for (Explained record : explainedByTeam.get(team)) {
          if (record.published().value() == null) {
            continue;
          }
          Map<RecordCombinations.Term, Long> weighed = self
              ? selfBalanceTerms(history, team, cell, record, report)
              : cellTerms(history, team, cell, record, report);
          if (weighed != null) {
            terms.add(weighed);
            moments.add(record.published().moment());
            everyTeamRecords.add(sequence.teams().get(team) + "#" + record.published().moment());
          }
        }
        everyTeam.addAll(terms);
        if (terms.isEmpty()) {
          continue;
        }
        report.combinationCells++;
        RecordCombinations.Isolated isolated = new RecordCombinations(terms).fewerThan(minChange);
        if (isolated == null) {
          continue;
        }
        singledOut = true;
        if (self) {
          report.combinationsOfSelfBalances++;
        }
        String where = "seed " + sequence.seed() + " team " + sequence.teams().get(team) + " " + what;
        report.combination(twoRecordsSingleOut(terms, isolated.raters()), () -> where + ": records after inputs "
            + moments + " with coefficients " + Arrays.toString(isolated.coefficients()) + " single out "
            + isolated.raters() + "\n" + sequence.describe());
      }
      // A form that moved between teams is the same term in both: records of two teams may cancel it.
      RecordCombinations.Isolated across = singledOut || everyTeam.isEmpty() ? null
          : new RecordCombinations(everyTeam).fewerThan(minChange);
      if (across != null) {
        report.combinationAcrossTeams(() -> "seed " + sequence.seed() + " " + what + ": records " + everyTeamRecords
            + " with coefficients " + Arrays.toString(across.coefficients()) + " single out " + across.raters()
            + "\n" + sequence.describe());
      }
    }
  }

  /** The record's cell as terms, each form's contribution once per part it is in; null when left out. */
  private static Map<RecordCombinations.Term, Long> cellTerms(ContributionHistory history, int team, int cell,
      Explained record, CheckReport report) {
    List<int[]> choices = record.values()[cell];
    if (choices == null) {
      return null;
    }
    Map<RecordCombinations.Term, Long> terms = new HashMap<>();
    if (choices.size() > 1
        || !addTerms(history, team, cell, OTHER_GROUPS, choices.get(0), "", 1, terms)) {
      report.combinationRecordsAmbiguous++;
      return null;
    }
    return terms;
  }

  /**
   * The record's {@code selfBalance} of the axis of {@code leaderCell} as terms: each SELF form's leader sum weighed
   * by one over the leader part's count, its manager sum by minus one over the manager part's; null when left out.
   */
  private static Map<RecordCombinations.Term, Long> selfBalanceTerms(ContributionHistory history, int team,
      int leaderCell, Explained record, CheckReport report) {
    List<int[]> leaders = record.values()[Cells.COUNT + leaderCell];
    List<int[]> managers = record.values()[Cells.COUNT + leaderCell + 1];
    if (leaders == null || managers == null) {
      return null;
    }
    Map<RecordCombinations.Term, Long> terms = new HashMap<>();
    if (leaders.size() > 1 || managers.size() > 1
        || !addTerms(history, team, leaderCell, SELF_GROUP, leaders.get(0), " leader",
            RecordCombinations.weight(1,
                history.total(team, leaderCell, SELF, leaders.get(0)[SELF]).n()),
            terms)
        || !addTerms(history, team, leaderCell + 1, SELF_GROUP, managers.get(0), " manager",
            RecordCombinations.weight(-1,
                history.total(team, leaderCell + 1, SELF, managers.get(0)[SELF])
                    .n()),
            terms)) {
      report.combinationRecordsAmbiguous++;
      return null;
    }
    return terms;
  }

  /** Adds each form's contribution in the choice's parts with the weight; false where the split is not known. */
  private static boolean addTerms(ContributionHistory history, int team, int cell, int[] groups, int[] choice,
      String pole, long weight, Map<RecordCombinations.Term, Long> terms) {
    for (int group : groups) {
      Map<String, Contribution> forms = history.forms(team, cell, group, choice[group]);
      if (forms == null) {
        return false;
      }
      forms.forEach((form, contribution) -> {
        if (!contribution.isEmpty()) {
          terms.merge(new RecordCombinations.Term(form.substring(0, form.indexOf('/')), form + pole, contribution),
              weight, Long::sum);
        }
      });
    }
    return true;
  }

  /** Whether one record, or a combination of two, already singles out {@code raters}. */
  private static boolean twoRecordsSingleOut(List<Map<RecordCombinations.Term, Long>> records, Set<String> raters) {
    for (int i = 0; i < records.size(); i++) {
      for (int j = i; j < records.size(); j++) {
        List<Map<RecordCombinations.Term, Long>> two = j == i ? List.of(records.get(i))
            : List.of(records.get(i), records.get(j));
        if (new RecordCombinations(two).singlesOut(raters)) {
          return true;
        }
      }
    }
    return false;
  }
}

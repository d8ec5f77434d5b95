package dev.feedback360.streams.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedback360.avro.AxisScores;
import dev.feedback360.avro.CellScores;
import dev.feedback360.avro.PublicationStatus;
import dev.feedback360.avro.RaterCounts;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The attacker's view of the published records, checked against the model, written from the publication rule alone.
 *
 * <p>Every published cell with a mean becomes exact totals (n, sum, sum of squares). The checker <em>explains</em> it:
 * it searches, per rater group, the compositions that group's part of the cell ever had up to the moment of the
 * record (or none), for a choice whose totals add up to the published ones. selfBalance is explained the same way by
 * a pair of SELF compositions (leader, manager) whose mean difference it is. Then, for every pair of records of a
 * team and every cell, the raters whose contribution differs between the two explanations must be none or at least
 * N. A pair is a failure only when every pair of readings (explanations) differs by fewer than N raters, also counting
 * the raters that reverted between the two moments (own contribution equal at both, different in between); when only
 * the reverts bring every reading to N it is a revert residual; when some readings are fine and others not, the bad
 * ones exist only because compositions coincide in their totals, and the pair is counted as ambiguous.
 *
 * <p>A group's part may change while the group is out of the pool (N of its raters changed), so a group coming back
 * may show a part never shown before; explanations therefore use every composition the part had by the moment.
 * Cells without a mean are checked for their counts only (n and raters of the parts the rule shows).
 */
final class PublicationChecker {

  /** One record of the scores topic (value null = tombstone), read after input record {@code moment}. */
  record Published(int moment, TeamKey key, TeamScores value, String json) {}

  static final int SELF = RaterGroup.SELF.ordinal();
  static final int[] OTHER_GROUPS = {RaterGroup.MANAGER.ordinal(), RaterGroup.PEER.ordinal(),
      RaterGroup.DIRECT_REPORT.ordinal(), RaterGroup.OTHER.ordinal()};
  static final int[] SELF_GROUP = {SELF};
  /** Slots 0..5: the "others" cells; 6..11: the SELF cells behind selfBalance. */
  private static final int SLOTS = 2 * Cells.COUNT;
  private static final int CAP = 256;
  /** Differences of more raters than this are not searched for changes that cancel (C(64, 2) subsets at N = 3). */
  private static final int CANCEL_SEARCH_LIMIT = 64;
  private static final double EPSILON = 1e-9;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int minRaters;
  private final int minChange;
  private final BeyondPairs beyondPairs;
  /**
   * Whether the records withhold sd (the app's {@code --withhold-sd}): a cell then gives its count and sum only, the
   * sum stands for the squares in every reading (as for SELF), and a change reads as nothing about a score c when its
   * sum is c times its count, whatever its squares. Checked with a history read the same way
   * ({@link ContributionHistory#of(Sequence, boolean)}).
   */
  private final boolean sumsOnly;

  PublicationChecker(int minRaters, int minChange) {
    this(minRaters, minChange, false);
  }

  PublicationChecker(int minRaters, int minChange, boolean sumsOnly) {
    this.minRaters = minRaters;
    this.minChange = minChange;
    this.sumsOnly = sumsOnly;
    this.beyondPairs = new BeyondPairs(minChange);
  }

  /** A record with its explanations: per slot the admissible choices (int[group] = composition id), or null. */
  record Explained(Published published, List<int[]>[] values, List<int[]>[] all, boolean selfUnknown) {}

  void check(ContributionHistory history, List<Published> published, CheckReport report) {
    if (history.sumsOnly() != sumsOnly) {
      throw new IllegalArgumentException("a " + (sumsOnly ? "sums-only" : "default") + " checker needs a history read"
          + " the same way");
    }
    Sequence sequence = history.sequence();
    report.sequences++;
    report.inputRecords += sequence.events().size();
    Map<Integer, List<Published>> byTeam = new LinkedHashMap<>();
    for (Published record : published) {
      int team = history.team(record.key().getTeamId());
      if (team < 0 || !record.key().getCycleId().equals(sequence.cycle())) {
        report.fail(CheckReport.STRUCTURE, "record of an unknown team " + record.key() + ", " + sequence.describe());
        continue;
      }
      byTeam.computeIfAbsent(team, any -> new ArrayList<>()).add(record);
    }
    List<List<Explained>> explainedByTeam = new ArrayList<>();
    for (int team = 0; team < sequence.teams().size(); team++) {
      List<Explained> explained = new ArrayList<>();
      for (Published record : byTeam.getOrDefault(team, List.of())) {
        report.records++;
        explained.add(explain(history, team, record, report));
      }
      pairs(history, team, explained, report);
      beyondPairs.batchDifferences(history, team, explained, report);
      liveness(history, team, explained, report);
      explainedByTeam.add(explained);
    }
    beyondPairs.combinations(history, explainedByTeam, report);
  }

  // ---------------------------------------------------------------- one record

  @SuppressWarnings("unchecked")
  private Explained explain(ContributionHistory history, int team, Published record, CheckReport report) {
    List<int[]>[] values = (List<int[]>[]) new List<?>[SLOTS];
    List<int[]>[] all = (List<int[]>[]) new List<?>[SLOTS];
    int moment = record.moment();
    TeamScores scores = record.value();
    Supplier<String> where = () -> "seed " + history.sequence().seed() + " team "
        + history.sequence().teams().get(team) + " record after input #" + moment;
    if (scores == null) {
      if (record.json() != null) {
        report.fail(CheckReport.STRUCTURE, where.get() + ": Avro tombstone but JSON " + record.json());
      }
      if (history.hasResponses(team, moment)) {
        report.fail(CheckReport.STRUCTURE, where.get() + ": tombstone while responses count\n"
            + history.sequence().describe());
      }
      return new Explained(record, values, all, false);
    }
    if (!history.hasResponses(team, moment)) {
      report.fail(CheckReport.STRUCTURE, where.get() + ": a record for a team without responses");
    }
    checkStructure(scores, record.json(), where, report);
    int[] liveCounts = countsOf(scores.getRaters());
    for (int group = 0; group < ContributionHistory.GROUPS; group++) {
      if (liveCounts[group] != history.groupRaters(team, moment, group)) {
        report.fail(CheckReport.COUNTS, where.get() + ": raters " + Arrays.toString(liveCounts) + ", model "
            + history.groupRaters(team, moment, group) + " for " + RaterGroup.values()[group] + "\n"
            + history.sequence().describe());
        break;
      }
    }
    for (int cell = 0; cell < Cells.COUNT; cell++) {
      explainOthersCell(history, team, moment, cell, Cells.cell(scores, cell), values, all, where, report);
    }
    boolean selfUnknown = false;
    for (int axis = 0; axis < 3; axis++) {
      Double selfBalance = Cells.axis(scores, axis).getSelfBalance();
      if (selfBalance == null) {
        selfUnknown |= history.groupRaters(team, moment, SELF) >= minRaters;
      } else {
        explainSelfBalance(history, team, moment, axis, selfBalance, values, where, report);
      }
    }
    checkPending(history, team, record, values, all, selfUnknown, where, report);
    return new Explained(record, values, all, selfUnknown);
  }

  private void explainOthersCell(ContributionHistory history, int team, int moment, int cell, CellScores published,
      List<int[]>[] values, List<int[]>[] all, Supplier<String> where, CheckReport report) {
    Supplier<String> at = () -> where.get() + ", " + Cells.name(cell) + " " + published;
    if (published.getMean() == null) {
      explainCounts(history, team, moment, cell, published, all, at, report);
      return;
    }
    Contribution totals = totalsOf(published, sumsOnly);
    if (totals == null) {
      report.fail(CheckReport.STRUCTURE, at.get() + ": a mean without sd although n >= 2");
      return;
    }
    List<int[]> found = search(history, team, moment, cell, totals, true, choice -> true);
    report.explainedCells++;
    if (found.isEmpty()) {
      report.fail(CheckReport.UNEXPLAINED, at.get() + " = " + totals + ": no composition of the groups up to this"
          + " moment adds up to it\n" + history.sequence().describe());
      return;
    }
    List<int[]> sameRaters = new ArrayList<>();
    for (int[] choice : found) {
      if (ratersOf(history, team, cell, choice, OTHER_GROUPS) == published.getRaters()) {
        sameRaters.add(choice);
      }
    }
    if (sameRaters.isEmpty()) {
      report.fail(CheckReport.UNEXPLAINED, at.get() + ": totals explained, but not with " + published.getRaters()
          + " raters: " + describe(history, team, cell, found.get(0), OTHER_GROUPS));
      return;
    }
    List<int[]> admissible = admissible(history, team, moment, cell, sameRaters, OTHER_GROUPS);
    if (admissible.isEmpty()) {
      report.fail(CheckReport.RULE, at.get() + ": explained only by "
          + describe(history, team, cell, sameRaters.get(0), OTHER_GROUPS) + "\n" + history.sequence().describe());
      return;
    }
    if (admissible.size() > 1) {
      report.ambiguousExplanations++;
    }
    values[cell] = admissible;
    all[cell] = admissible;
  }

  /**
   * A cell without mean still shows counts. By the rule (docs/privacy.md) its n and raters are those of the part
   * every group in the pool last published: any composition the group's part could have had by then (a part is
   * published as the group's live contribution once N of its raters changed it, also while the group is out of the
   * pool, so a group coming back may show a part never shown before), including a part of fewer than N raters; no
   * part of a group out of the pool. The mean is held back because the cell has fewer than k raters or a shown part
   * fewer than N. Counts say that someone answered, not what: a value never rests on them (the value checks,
   * pairs and liveness use only cells with a mean), but they must still follow the rule.
   */
  private void explainCounts(ContributionHistory history, int team, int moment, int cell, CellScores published,
      List<int[]>[] all, Supplier<String> at, CheckReport report) {
    report.unexplainedNullCells++;
    Contribution target = new Contribution(published.getN(), 0, 0);
    Predicate<int[]> sameRaters = choice -> ratersOf(history, team, cell, choice, OTHER_GROUPS)
        == published.getRaters();
    List<int[]> shown = search(history, team, moment, cell, target, false,
        choice -> sameRaters.test(choice) && inPool(history, team, moment, choice)
            && (published.getRaters() < minRaters || hasPartUnderN(history, team, cell, choice)));
    if (shown.isEmpty()) {
      boolean countsOnly = !search(history, team, moment, cell, target, false,
          choice -> sameRaters.test(choice) && inPool(history, team, moment, choice)).isEmpty();
      report.fail(CheckReport.SUPPRESSED_COUNTS, () -> at.get() + (countsOnly
          ? ": no mean although " + published.getRaters() + " >= k raters and every part n and raters can be made of"
              + " has N raters"
          : ": n and raters are those of no choice of parts of the groups in the pool")
          + "; live parts of groups in the pool: " + liveParts(history, team, moment, cell) + "\n"
          + history.sequence().describe());
    }
    all[cell] = shown;
  }

  private boolean inPool(ContributionHistory history, int team, int moment, int[] choice) {
    for (int group : OTHER_GROUPS) {
      if (choice[group] != ContributionHistory.NONE && history.groupRaters(team, moment, group) < minRaters) {
        return false;
      }
    }
    return true;
  }

  private boolean hasPartUnderN(ContributionHistory history, int team, int cell, int[] choice) {
    for (int group : OTHER_GROUPS) {
      if (choice[group] != ContributionHistory.NONE && history.raters(team, cell, group, choice[group]) < minChange) {
        return true;
      }
    }
    return false;
  }

  /**
   * selfBalance = mean of the SELF part of the leader cell minus that of the manager cell: every pair of SELF
   * compositions up to the moment whose mean difference it is, each with at least k (and N) raters, SELF in the pool.
   */
  private void explainSelfBalance(ContributionHistory history, int team, int moment, int axis, double selfBalance,
      List<int[]>[] values, Supplier<String> where, CheckReport report) {
    int leaderCell = 2 * axis;
    int managerCell = leaderCell + 1;
    List<int[]> leaders = new ArrayList<>();
    List<int[]> managers = new ArrayList<>();
    boolean any = false;
    for (var leader : history.compositionsUpTo(team, leaderCell, SELF, moment)) {
      for (var manager : history.compositionsUpTo(team, managerCell, SELF, moment)) {
        double difference = (double) leader.total().sum() / leader.total().n()
            - (double) manager.total().sum() / manager.total().n();
        if (Math.abs(difference - selfBalance) <= EPSILON) {
          any = true;
          int needed = Math.max(minRaters, minChange);
          if (leader.raters() >= needed && manager.raters() >= needed
              && history.groupRaters(team, moment, SELF) >= minRaters) {
            addDistinct(leaders, selfChoice(leader.id()));
            addDistinct(managers, selfChoice(manager.id()));
          }
        }
      }
    }
    report.explainedCells++;
    if (leaders.isEmpty()) {
      report.fail(any ? CheckReport.RULE : CheckReport.UNEXPLAINED, where.get() + ", selfBalance of "
          + Cells.name(leaderCell) + " = " + selfBalance + (any ? ": explained only by SELF parts under k or N, or "
              + "SELF out of the pool" : ": no pair of SELF compositions has this difference")
          + "\n"
          + history.sequence().describe());
      return;
    }
    if (leaders.size() > 1 || managers.size() > 1) {
      report.ambiguousExplanations++;
    }
    values[Cells.COUNT + leaderCell] = leaders;
    values[Cells.COUNT + managerCell] = managers;
  }

  private static int[] selfChoice(int id) {
    int[] choice = none();
    choice[SELF] = id;
    return choice;
  }

  private static void addDistinct(List<int[]> list, int[] choice) {
    for (int[] existing : list) {
      if (Arrays.equals(existing, choice)) {
        return;
      }
    }
    list.add(choice);
  }

  private static int[] none() {
    int[] choice = new int[ContributionHistory.GROUPS];
    Arrays.fill(choice, ContributionHistory.NONE);
    return choice;
  }

  /**
   * Every choice of one composition (or none) per non-self group, each having held by the moment, whose totals (or,
   * with {@code byTotals} false, n alone) add up to the target and that {@code accept}: meet in the middle over
   * (MANAGER, PEER) and (DIRECT_REPORT, OTHER). A group's candidates are every composition its part had by the
   * moment, whether or not it was ever shown: the part a group publishes is its live contribution at that time.
   */
  private List<int[]> search(ContributionHistory history, int team, int moment, int cell, Contribution target,
      boolean byTotals, Predicate<int[]> accept) {
    List<List<Integer>> candidates = new ArrayList<>();
    for (int group : OTHER_GROUPS) {
      List<Integer> ids = new ArrayList<>();
      ids.add(ContributionHistory.NONE);
      history.compositionsUpTo(team, cell, group, moment).forEach(composition -> ids.add(composition.id()));
      candidates.add(ids);
    }
    Map<Contribution, List<int[]>> left = new HashMap<>();
    for (int a : candidates.get(0)) {
      for (int b : candidates.get(1)) {
        Contribution total = history.total(team, cell, OTHER_GROUPS[0], a)
            .plus(history.total(team, cell, OTHER_GROUPS[1], b));
        left.computeIfAbsent(key(total, byTotals), any -> new ArrayList<>()).add(new int[] {a, b});
      }
    }
    List<int[]> found = new ArrayList<>();
    for (int c : candidates.get(2)) {
      for (int d : candidates.get(3)) {
        Contribution total = history.total(team, cell, OTHER_GROUPS[2], c)
            .plus(history.total(team, cell, OTHER_GROUPS[3], d));
        Contribution need = key(target.minus(total), byTotals);
        for (int[] pair : left.getOrDefault(need, List.of())) {
          if (found.size() >= CAP) {
            return found;
          }
          int[] choice = none();
          choice[OTHER_GROUPS[0]] = pair[0];
          choice[OTHER_GROUPS[1]] = pair[1];
          choice[OTHER_GROUPS[2]] = c;
          choice[OTHER_GROUPS[3]] = d;
          if (accept.test(choice)) {
            found.add(choice);
          }
        }
      }
    }
    return found;
  }

  /** By totals, or by n alone (the counts' search; distinct raters are checked on each choice found). */
  private static Contribution key(Contribution total, boolean byTotals) {
    return byTotals ? total : new Contribution(total.n(), 0, 0);
  }

  /** The exact parts of the groups in the pool (what the exact view, N = 1, would pool). */
  private String liveParts(ContributionHistory history, int team, int moment, int cell) {
    int[] exact = none();
    for (int group : OTHER_GROUPS) {
      if (history.groupRaters(team, moment, group) >= minRaters) {
        exact[group] = history.heldAt(team, moment, cell, group);
      }
    }
    Contribution total = Contribution.NONE;
    for (int group : OTHER_GROUPS) {
      total = total.plus(history.total(team, cell, group, exact[group]));
    }
    return total + " raters=" + ratersOf(history, team, cell, exact, OTHER_GROUPS) + " "
        + describe(history, team, cell, exact, OTHER_GROUPS);
  }

  /** The rule for a shown part: its group is in the pool (live count >= k) and the part has >= N raters. */
  private List<int[]> admissible(ContributionHistory history, int team, int moment, int cell, List<int[]> choices,
      int[] groups) {
    List<int[]> result = new ArrayList<>();
    for (int[] choice : choices) {
      boolean ok = true;
      for (int group : groups) {
        int id = choice[group];
        if (id != ContributionHistory.NONE && (history.groupRaters(team, moment, group) < minRaters
            || history.raters(team, cell, group, id) < minChange)) {
          ok = false;
        }
      }
      if (ok) {
        result.add(choice);
      }
    }
    return result;
  }

  /** Distinct raters of the choice: a rater whose responses sit in two groups (relabels) is one rater. */
  private static int ratersOf(ContributionHistory history, int team, int cell, int[] choice, int[] groups) {
    Set<String> raters = new TreeSet<>();
    for (int group : groups) {
      if (choice[group] != ContributionHistory.NONE) {
        raters.addAll(history.composition(team, cell, group, choice[group]).byRater().keySet());
      }
    }
    return raters.size();
  }

  /** Each rater's contribution to the cell pooled over the groups, as the choice's parts hold it. */
  static Map<String, Contribution> pooled(ContributionHistory history, int team, int cell, int[] choice,
      int[] groups) {
    Map<String, Contribution> pooled = new HashMap<>();
    for (int group : groups) {
      if (choice[group] != ContributionHistory.NONE) {
        history.composition(team, cell, group, choice[group]).byRater()
            .forEach((rater, contribution) -> pooled.merge(rater, contribution, Contribution::plus));
      }
    }
    return pooled;
  }

  /**
   * The raters whose pooled contribution to the cell differs between two choices: what the attacker's difference of
   * the two pooled cells is made of (a response that moved between two pooled groups with its answers is not in it).
   */
  private static Set<String> pooledDiff(ContributionHistory history, int team, int cell, int[] groups, int[] left,
      int[] right) {
    Map<String, Contribution> before = pooled(history, team, cell, left, groups);
    Map<String, Contribution> after = pooled(history, team, cell, right, groups);
    Set<String> differing = new TreeSet<>();
    before.forEach((rater, contribution) -> {
      if (!contribution.equals(after.getOrDefault(rater, Contribution.NONE))) {
        differing.add(rater);
      }
    });
    after.forEach((rater, contribution) -> {
      if (!before.containsKey(rater) && !contribution.equals(Contribution.NONE)) {
        differing.add(rater);
      }
    });
    return differing;
  }

  /**
   * Exact totals from a published cell as a reader of counts and sums alone reads it ({@code sumsOnly}: n and sum =
   * round(mean n), the sum standing for the squares, whatever the sd), or {@link #totalsOf(CellScores)}.
   */
  static Contribution totalsOf(CellScores cell, boolean sumsOnly) {
    if (!sumsOnly) {
      return totalsOf(cell);
    }
    int n = cell.getN();
    long sum = Math.round(cell.getMean() * n);
    return new Contribution(n, sum, sum);
  }

  /** Exact totals from a published cell: sum = round(mean n), sumOfSquares = round((sd^2 n (n-1) + sum^2) / n). */
  static Contribution totalsOf(CellScores cell) {
    int n = cell.getN();
    long sum = Math.round(cell.getMean() * n);
    if (cell.getSd() == null) {
      return n == 1 ? new Contribution(1, sum, sum * sum) : null;
    }
    double sd = cell.getSd();
    long sumOfSquares = Math.round((sd * sd * n * (n - 1) + (double) sum * sum) / n);
    return new Contribution(n, sum, sumOfSquares);
  }

  private void checkStructure(TeamScores scores, String json, Supplier<String> where, CheckReport report) {
    if (scores.getMinRaters() != minRaters || scores.getMinChange() != minChange) {
      report.fail(CheckReport.STRUCTURE, where.get() + ": minRaters " + scores.getMinRaters() + ", minChange "
          + scores.getMinChange());
    }
    boolean anyPublished = false;
    long[] poleSum = new long[2];
    long[] poleN = new long[2];
    for (int axis = 0; axis < 3; axis++) {
      AxisScores scoresOfAxis = Cells.axis(scores, axis);
      for (int pole = 0; pole < 2; pole++) {
        CellScores cell = pole == 0 ? scoresOfAxis.getLeader() : scoresOfAxis.getManager();
        if (sumsOnly && cell.getSd() != null) {
          report.fail(CheckReport.STRUCTURE, where.get() + ": an sd although sd is withheld: " + cell);
        }
        if (cell.getMean() != null) {
          anyPublished = true;
          Contribution totals = totalsOf(cell, sumsOnly);
          if (totals != null) {
            poleSum[pole] += totals.sum();
            poleN[pole] += totals.n();
          }
        }
      }
      Double leader = scoresOfAxis.getLeader().getMean();
      Double manager = scoresOfAxis.getManager().getMean();
      Double balance = leader == null || manager == null ? null : leader - manager;
      Double selfBalance = scoresOfAxis.getSelfBalance();
      Double gap = balance == null || selfBalance == null ? null : selfBalance - balance;
      if (!close(balance, scoresOfAxis.getBalance()) || !close(gap, scoresOfAxis.getGap())) {
        report.fail(CheckReport.STRUCTURE, where.get() + ": balance or gap of axis " + axis + " not derived from the "
            + "published means: " + scoresOfAxis);
      }
    }
    Double leaderMean = poleN[0] == 0 ? null : (double) poleSum[0] / poleN[0];
    Double managerMean = poleN[1] == 0 ? null : (double) poleSum[1] / poleN[1];
    if (!close(leaderMean, scores.getOverall().getLeaderMean())
        || !close(managerMean, scores.getOverall().getManagerMean())) {
      report.fail(CheckReport.STRUCTURE, where.get() + ": overall means not pooled from the published cells: "
          + scores.getOverall());
    }
    PublicationStatus expected = anyPublished ? PublicationStatus.PUBLISHED : PublicationStatus.SUPPRESSED;
    if (scores.getStatus() != expected) {
      report.fail(CheckReport.STRUCTURE, where.get() + ": status " + scores.getStatus());
    }
    checkJson(scores, json, where, report);
  }

  private static boolean close(Double expected, Double actual) {
    if (expected == null || actual == null) {
      return expected == null && actual == null;
    }
    return Math.abs(expected - actual) <= EPSILON;
  }

  /** The JSON mirror carries the same values (read with a plain JSON parser, not the production writer). */
  private static void checkJson(TeamScores scores, String json, Supplier<String> where, CheckReport report) {
    if (json == null) {
      report.fail(CheckReport.STRUCTURE, where.get() + ": JSON tombstone for an Avro record");
      return;
    }
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> differences = new ArrayList<>();
    compare(differences, "cycleId", root.path("cycleId").asText(), scores.getCycleId());
    compare(differences, "teamId", root.path("teamId").asText(), scores.getTeamId());
    compare(differences, "status", root.path("status").asText(), scores.getStatus().name());
    compare(differences, "minRaters", root.path("minRaters").asInt(), scores.getMinRaters());
    compare(differences, "minChange", root.path("minChange").asInt(), scores.getMinChange());
    compare(differences, "pendingRaters", root.path("pendingRaters").asInt(), scores.getPendingRaters());
    int[] counts = countsOf(scores.getRaters());
    for (RaterGroup group : RaterGroup.values()) {
      compare(differences, "raters." + group, root.path("raters").path(group.name()).asInt(),
          counts[group.ordinal()]);
    }
    String[] axes = {"CHANGE", "FOCUS", "HORIZON"};
    for (int axis = 0; axis < 3; axis++) {
      JsonNode node = root.path("axes").path(axes[axis]);
      AxisScores avro = Cells.axis(scores, axis);
      for (String pole : List.of("leader", "manager")) {
        CellScores cell = pole.equals("leader") ? avro.getLeader() : avro.getManager();
        JsonNode jsonCell = node.path(pole);
        compare(differences, axes[axis] + "." + pole + ".mean", number(jsonCell.path("mean")), cell.getMean());
        compare(differences, axes[axis] + "." + pole + ".sd", number(jsonCell.path("sd")), cell.getSd());
        compare(differences, axes[axis] + "." + pole + ".n", jsonCell.path("n").asInt(), cell.getN());
        compare(differences, axes[axis] + "." + pole + ".raters", jsonCell.path("raters").asInt(), cell.getRaters());
      }
      compare(differences, axes[axis] + ".balance", number(node.path("balance")), avro.getBalance());
      compare(differences, axes[axis] + ".selfBalance", number(node.path("selfBalance")), avro.getSelfBalance());
      compare(differences, axes[axis] + ".gap", number(node.path("gap")), avro.getGap());
    }
    compare(differences, "overall.leaderMean", number(root.path("overall").path("leaderMean")),
        scores.getOverall().getLeaderMean());
    compare(differences, "overall.managerMean", number(root.path("overall").path("managerMean")),
        scores.getOverall().getManagerMean());
    if (!differences.isEmpty()) {
      report.fail(CheckReport.STRUCTURE, where.get() + ": JSON differs from Avro in " + differences);
    }
  }

  private static Double number(JsonNode node) {
    return node.isNumber() ? node.asDouble() : null;
  }

  private static void compare(List<String> differences, String field, Object json, Object avro) {
    if (!Objects.equals(json, avro)) {
      differences.add(field + " json=" + json + " avro=" + avro);
    }
  }

  private static int[] countsOf(RaterCounts raters) {
    int[] counts = new int[ContributionHistory.GROUPS];
    counts[SELF] = raters.getSelf();
    counts[RaterGroup.MANAGER.ordinal()] = raters.getManager();
    counts[RaterGroup.PEER.ordinal()] = raters.getPeer();
    counts[RaterGroup.DIRECT_REPORT.ordinal()] = raters.getDirectReport();
    counts[RaterGroup.OTHER.ordinal()] = raters.getOther();
    return counts;
  }

  // ---------------------------------------------------------------- pendingRaters

  /**
   * The raters whose exact contribution differs from the shown part of a group in the pool are pending: none means
   * pendingRaters 0, some mean pendingRaters > 0. Undetermined when an explanation is ambiguous or a SELF part is
   * hidden behind a null selfBalance.
   */
  private void checkPending(ContributionHistory history, int team, Published record, List<int[]>[] values,
      List<int[]>[] all, boolean selfUnknown, Supplier<String> where, CheckReport report) {
    int moment = record.moment();
    Set<String> pending = new TreeSet<>();
    for (int slot = 0; slot < SLOTS; slot++) {
      List<int[]> choices = slot < Cells.COUNT ? all[slot] : values[slot];
      if (slot >= Cells.COUNT && choices == null) {
        continue;
      }
      if (choices == null || choices.size() != 1) {
        report.pendingUndetermined++;
        return;
      }
      int cell = slot % Cells.COUNT;
      for (int group : slot < Cells.COUNT ? OTHER_GROUPS : SELF_GROUP) {
        if (history.groupRaters(team, moment, group) >= minRaters) {
          pending.addAll(history.diff(team, cell, group, choices.get(0)[group],
              history.heldAt(team, moment, cell, group)));
        }
      }
    }
    int published = record.value().getPendingRaters();
    if (selfUnknown && published > 0 && pending.isEmpty()) {
      report.pendingUndetermined++;
      return;
    }
    report.pendingChecked++;
    if (pending.isEmpty() != (published == 0)) {
      report.fail(CheckReport.PENDING, where.get() + ": pendingRaters " + published + ", model pending " + pending
          + "\n" + history.sequence().describe());
    } else if (pending.size() == published) {
      report.pendingExact++;
    } else {
      report.pendingInexact++;
    }
  }

  // ---------------------------------------------------------------- all pairs

  private void pairs(ContributionHistory history, int team, List<Explained> records, CheckReport report) {
    for (int i = 0; i < records.size(); i++) {
      for (int j = i + 1; j < records.size(); j++) {
        Explained first = records.get(i);
        Explained second = records.get(j);
        if (first.published().value() == null || second.published().value() == null) {
          continue;
        }
        report.recordPairs++;
        boolean next = j == i + 1;
        boolean repeated = false;
        for (int slot = 0; slot < SLOTS; slot++) {
          if (first.values()[slot] != null && second.values()[slot] != null) {
            boolean apart = next && repeatsEarlier(records, i, j, slot);
            repeated |= apart;
            pair(history, team, slot, first, second, next && !apart, report);
          }
        }
        for (int leaderCell = 0; leaderCell < Cells.COUNT; leaderCell += 2) {
          int leaderSlot = Cells.COUNT + leaderCell;
          boolean apart = next && repeatsEarlier(records, i, j, leaderSlot, leaderSlot + 1);
          repeated |= apart;
          selfBalancePair(history, team, leaderCell, first, second, next && !apart, report);
        }
        for (Mix mix : MIXES) {
          boolean apart = next && repeatsEarlier(records, i, j, mix.slots());
          repeated |= apart;
          mixPair(history, team, mix, first, second, next && !apart, report);
        }
        if (repeated) {
          report.consecutiveRepeatingEarlier++;
        }
      }
    }
  }

  /**
   * Whether the record after {@code first} shows, on the given slots, exactly the parts (the same raters with the
   * same contributions, each slot read one way) that a record before {@code first} showed there, where {@code first}
   * does not. The two records then read there as that earlier record and {@code first} do, a pair already judged, and
   * are judged as records further apart. A group coming back with its dormant parts while another leaves makes such a
   * record: in a wider run (seeds 4297 and 4494 of 1,000 from 4040) two groups' parts, each shown long before,
   * replaced each other in the pool, and their totals coincided in the count and the sum (five raters' changes
   * cancelling by coincidence through the HORIZON leader less manager mix; three raters' totals equal to three
   * others' on FOCUS.manager), as the same parts read further apart had.
   */
  private static boolean repeatsEarlier(List<Explained> records, int first, int second, int... slots) {
    if (sameParts(records.get(first), records.get(second), slots)) {
      return false;
    }
    for (int m = 0; m < first; m++) {
      if (sameParts(records.get(m), records.get(second), slots)) {
        return true;
      }
    }
    return false;
  }

  /** Whether two records show the same parts on every one of the slots, each read one way. */
  private static boolean sameParts(Explained a, Explained b, int... slots) {
    for (int slot : slots) {
      List<int[]> left = a.values()[slot];
      List<int[]> right = b.values()[slot];
      if (left == null || right == null || left.size() != 1 || right.size() != 1
          || !Arrays.equals(left.get(0), right.get(0))) {
        return false;
      }
    }
    return true;
  }

  /**
   * What two records' selfBalances of one axis give an attacker who knows the counts: the change of the SELF leader
   * sum less the manager sum, with the two counts. Per self-rater that is (leader n, manager n, leader sum less
   * manager sum); a rater who moved both sums alike is no change there, though a change of each SELF part (the
   * fourteenth review). Under every reading of the two records, the raters whose triple differs must be at least N,
   * and not fewer than N of them may make the whole change, the others' cancelling: else a failure; under some
   * readings only, ambiguous.
   */
  private void selfBalancePair(ContributionHistory history, int team, int leaderCell, Explained first,
      Explained second, boolean consecutive, CheckReport report) {
    int leaderSlot = Cells.COUNT + leaderCell;
    int managerSlot = leaderSlot + 1;
    if (first.values()[leaderSlot] == null || first.values()[managerSlot] == null
        || second.values()[leaderSlot] == null || second.values()[managerSlot] == null) {
      return;
    }
    report.selfBalancePairs++;
    int bad = 0;
    int readings = 0;
    String example = null;
    for (int[] leftLeader : first.values()[leaderSlot]) {
      for (int[] leftManager : first.values()[managerSlot]) {
        for (int[] rightLeader : second.values()[leaderSlot]) {
          for (int[] rightManager : second.values()[managerSlot]) {
            readings++;
            Map<String, long[]> left = selfGaps(history, team, leaderCell, leftLeader[SELF], leftManager[SELF]);
            Map<String, long[]> right = selfGaps(history, team, leaderCell, rightLeader[SELF], rightManager[SELF]);
            Set<String> raters = new TreeSet<>(left.keySet());
            raters.addAll(right.keySet());
            List<String> differing = new ArrayList<>();
            List<long[]> changes = new ArrayList<>();
            long[] total = new long[GAP_WIDTH];
            for (String rater : raters) {
              long[] before = left.getOrDefault(rater, new long[GAP_WIDTH]);
              long[] after = right.getOrDefault(rater, new long[GAP_WIDTH]);
              long[] change = new long[GAP_WIDTH];
              for (int i = 0; i < GAP_WIDTH; i++) {
                change[i] = after[i] - before[i];
              }
              if (!Arrays.equals(change, new long[GAP_WIDTH])) {
                differing.add(rater);
                changes.add(change);
                for (int i = 0; i < GAP_WIDTH; i++) {
                  total[i] += change[i];
                }
              }
            }
            if (Arrays.equals(total, new long[GAP_WIDTH])) {
              continue;
            }
            Set<String> few = differing.size() < minChange ? new TreeSet<>(differing)
                : fewMixesMakeTheWhole(differing, changes, total, false);
            if (few != null) {
              bad++;
              if (example == null) {
                example = "seed " + history.sequence().seed() + " team " + history.sequence().teams().get(team)
                    + " selfBalance of " + Cells.name(leaderCell) + ": records after input #"
                    + first.published().moment() + " and #" + second.published().moment()
                    + (consecutive ? " (consecutive)" : "") + " differ by " + few + " alone (of " + differing + ")\n"
                    + history.sequence().describe();
              }
            }
          }
        }
      }
    }
    if (bad > 0 && bad == readings) {
      report.fail(CheckReport.SMALL_PAIR, example);
    } else if (bad > 0) {
      report.selfBalanceAmbiguous++;
    }
  }

  /**
   * A mix of a record's values a reader can form (docs/privacy.md, "What a record shows in combination"): slots
   * (0..5 the others' cells, 6..11 the SELF parts) with signs; {@code squares} when the slots show a spread.
   */
  private record Mix(int[] slots, int[] signs, boolean squares, boolean plain, boolean ofMeans, int[] means) {

    /** Read as sums, and as means where SELF parts are in it (selfBalance, two axes' mixes, gap): a mean per slot. */
    Mix(int[] slots, int[] signs, boolean squares) {
      this(slots, signs, squares, true, Arrays.stream(slots).anyMatch(slot -> slot >= Cells.COUNT),
          IntStream.range(0, slots.length).toArray());
    }

    /**
     * Read as a combination of means only: {@code means} gives, per slot, the mean it is pooled into (the overall
     * balance pools the three leader cells into one mean and the three manager cells into another).
     */
    static Mix ofMeans(int[] slots, int[] signs, int[] means) {
      return new Mix(slots, signs, false, false, true, means);
    }

    /** Whether the mix adds SELF's slots to pooled ones (selfBalance plus or less balance). */
    boolean poolsSelf() {
      return Arrays.stream(slots).anyMatch(slot -> slot >= Cells.COUNT)
          && Arrays.stream(slots).anyMatch(slot -> slot < Cells.COUNT);
    }
  }

  private static final List<Mix> MIXES = mixes();

  private static List<Mix> mixes() {
    List<Mix> mixes = new ArrayList<>();
    for (int a = 0; a < Cells.COUNT; a++) {
      for (int b = a + 1; b < Cells.COUNT; b++) {
        mixes.add(new Mix(new int[] {a, b}, new int[] {1, 1}, true));
        mixes.add(new Mix(new int[] {a, b}, new int[] {1, -1}, true));
      }
    }
    mixes.add(new Mix(new int[] {0, 2, 4}, new int[] {1, 1, 1}, true));
    mixes.add(new Mix(new int[] {1, 3, 5}, new int[] {1, 1, 1}, true));
    mixes.add(new Mix(new int[] {0, 2, 4, 1, 3, 5}, new int[] {1, 1, 1, -1, -1, -1}, true));
    mixes.add(Mix.ofMeans(new int[] {0, 2, 4, 1, 3, 5}, new int[] {1, 1, 1, -1, -1, -1}, new int[] {0, 0, 0, 1, 1, 1}));
    for (int axis = 0; axis < 3; axis++) {
      int leader = Cells.COUNT + 2 * axis;
      // One axis's selfBalance is read plainly by selfBalancePair, its balance by the pairs of cells above; here both
      // as differences of means only.
      mixes.add(Mix.ofMeans(new int[] {leader, leader + 1}, new int[] {1, -1}, new int[] {0, 1}));
      mixes.add(Mix.ofMeans(new int[] {2 * axis, 2 * axis + 1}, new int[] {1, -1}, new int[] {0, 1}));
      mixes.add(new Mix(new int[] {leader, leader + 1, 2 * axis, 2 * axis + 1}, new int[] {1, -1, -1, 1}, false));
      mixes.add(new Mix(new int[] {leader, leader + 1, 2 * axis, 2 * axis + 1}, new int[] {1, -1, 1, -1}, false));
      for (int other = axis + 1; other < 3; other++) {
        int otherLeader = Cells.COUNT + 2 * other;
        mixes.add(new Mix(new int[] {leader, leader + 1, otherLeader, otherLeader + 1}, new int[] {1, -1, 1, -1},
            false));
        mixes.add(new Mix(new int[] {leader, leader + 1, otherLeader, otherLeader + 1}, new int[] {1, -1, -1, 1},
            false));
      }
    }
    return List.copyOf(mixes);
  }

  /**
   * Two records read through one mix of their values: per rater the change of each slot's n, of the signed sum of
   * sums and (with a spread) of squares. Where both records read one way in every slot of the mix, the raters whose
   * change is not nothing must be at least N, whichever two records they are; and between consecutive records fewer
   * than N of them may not make the whole change in the count and sum or the count and squares: else a failure.
   *
   * <p>A mix of means (selfBalance, two axes' of them, gap) is also read as a reader who knows the slots' counts
   * reads it, where its slots' counts differ ({@link #meanWeights}): each slot's sum weighted by the other slots'
   * counts (thirty-fifth review; the forty-second stop's two axes).
   */
  private void mixPair(ContributionHistory history, int team, Mix mix, Explained first, Explained second,
      boolean consecutive, CheckReport report) {
    int[][] left = new int[mix.slots().length][];
    int[][] right = new int[mix.slots().length][];
    boolean nothingRead = false;
    for (int t = 0; t < mix.slots().length; t++) {
      int slot = mix.slots()[t];
      left[t] = oneReading(first, slot);
      right[t] = oneReading(second, slot);
      if (left[t] == null || right[t] == null) {
        return;
      }
      nothingRead |= first.values()[slot] == null || second.values()[slot] == null;
    }
    if (mix.plain() && mix.poolsSelf()) {
      readMixBySign(history, team, mix, left, right, first, second, consecutive, report);
    }
    if (nothingRead) {
      return; // read so by the terms of each sign alone, so far (the other readings judge the slots shown)
    }
    if (mix.plain()) {
      readMix(history, team, mix, Arrays.stream(mix.signs()).asLongStream().toArray(), left, right, first, second,
          consecutive, report);
    }
    long[] weights = mix.ofMeans() ? meanWeights(history, team, mix, left, right) : null;
    if (weights != null) {
      report.meanMixPairs++;
      readMix(history, team, mix, weights, left, right, first, second, consecutive, report);
    }
  }

  /**
   * The slot's one reading in the record: its one explanation; or nothing, exactly, where the record shows nothing
   * there (a pooled cell with n 0, whose sum is 0; a SELF slot without selfBalance, a term the record leaves out, as
   * a reader adding selfBalance to the pooled sums reads it: review 123); else null (unread, or read several ways).
   */
  private static int[] oneReading(Explained record, int slot) {
    List<int[]> choices = record.values()[slot];
    if (choices != null) {
      return choices.size() == 1 ? choices.get(0) : null;
    }
    TeamScores scores = record.published().value();
    boolean shownAsNothing = slot < Cells.COUNT ? Cells.cell(scores, slot).getN() == 0
        : Cells.axis(scores, (slot - Cells.COUNT) / 2).getSelfBalance() == null;
    return shownAsNothing ? none() : null;
  }

  /**
   * {@link #readMix} of a mix of SELF's slots with the pooled ones (selfBalance plus or less balance) with the slots
   * of each sign as one cell, their counts added: forms moved between SELF and the pooled groups (withdrawn and sent
   * again under new ids) keep their count there. Only where both records read it as sums that SELF's parts and the
   * pooled ones make together: pairs across SELF or a pooled group leaving the records, counted in {@link
   * CheckReport#selfMixBySignUnderN} where fewer than N raters make the whole (review 123: the copies of two self
   * forms in PEER cancelled SELF's departure and left a victim's leader answers less the attacker's own).
   */
  private void readMixBySign(ContributionHistory history, int team, Mix mix, int[][] left, int[][] right,
      Explained first, Explained second, boolean consecutive, CheckReport report) {
    int[] columns = Arrays.stream(mix.signs()).map(sign -> sign > 0 ? 0 : 1).toArray();
    MixChanges read = mixChanges(history, team, mix, Arrays.stream(mix.signs()).asLongStream().toArray(), columns,
        false, left, right);
    List<String> raters = read.raters();
    List<long[]> moved = read.moved();
    long[] total = read.total();
    if (mixReadsAsNothing(total, false) || consecutive || !mixPoolDiffers(mix, left, right)) {
      return;
    }
    report.selfMixBySignApart++;
    Set<String> few = raters.size() < minChange ? new TreeSet<>(raters)
        : fewMixesMakeTheWhole(raters, moved, total, false);
    if (few != null) {
      report.selfMixBySignUnderN++;
      if (report.selfMixBySignExample == null) {
        report.selfMixBySignExample = "seed " + history.sequence().seed() + " team "
            + history.sequence().teams().get(team) + " mix of slots " + Arrays.toString(mix.slots())
            + ", the terms of each sign as one cell: records after input #" + first.published().moment() + " and #"
            + second.published().moment() + " differ by " + few + " alone (of " + raters + ": " + changesOf(raters,
                moved)
            + ")";
      }
    }
  }

  /** The raters whose change in a mix is not nothing, their changes, and the changes' total ({@link #mixChanges}). */
  private record MixChanges(List<String> raters, List<long[]> moved, long[] total) {}

  /**
   * Per rater, between the two readings of a mix: the change of the count in each column ({@code columns} gives a
   * term's column: its own, or one per sign where the terms of each sign are read as one cell), then of the terms'
   * sums weighted by {@code weights}, then of their squares so weighted (the sums again without {@code squares}).
   */
  private static MixChanges mixChanges(ContributionHistory history, int team, Mix mix, long[] weights, int[] columns,
      boolean squares, int[][] left, int[][] right) {
    int width = Arrays.stream(columns).max().orElse(0) + 3;
    Map<String, long[]> changes = new TreeMap<>();
    for (int t = 0; t < mix.slots().length; t++) {
      int slot = mix.slots()[t];
      int[] groups = slot < Cells.COUNT ? OTHER_GROUPS : SELF_GROUP;
      int column = columns[t];
      long weight = weights[t];
      for (int side = 0; side < 2; side++) {
        int sign = side == 0 ? -1 : 1;
        pooled(history, team, slot % Cells.COUNT, side == 0 ? left[t] : right[t], groups).forEach((rater, c) -> {
          long[] change = changes.computeIfAbsent(rater, r -> new long[width]);
          change[column] += sign * c.n();
          change[width - 2] += sign * weight * c.sum();
          change[width - 1] += sign * weight * c.sumOfSquares();
        });
      }
    }
    List<String> raters = new ArrayList<>();
    List<long[]> moved = new ArrayList<>();
    long[] total = new long[width];
    for (Map.Entry<String, long[]> entry : changes.entrySet()) {
      long[] change = entry.getValue();
      if (!squares) {
        change[width - 1] = change[width - 2];
      }
      if (!Arrays.equals(change, new long[width])) {
        raters.add(entry.getKey());
        moved.add(change);
        for (int i = 0; i < width; i++) {
          total[i] += change[i];
        }
      }
    }
    return new MixChanges(raters, moved, total);
  }

  private static String changesOf(List<String> raters, List<long[]> changes) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < raters.size(); i++) {
      out.append(i == 0 ? "" : ", ").append(raters.get(i)).append('=').append(Arrays.toString(changes.get(i)));
    }
    return out.toString();
  }

  /**
   * The weights with which a reader who knows the counts reads a mix of means across two records: per slot its sign
   * times the other means' counts in the second record (a mean's count is its slots' together), over their greatest
   * common divisor, so that a rater's change so weighted is what the mix moves by, times the product of the counts.
   * Only where every mean's count in the second record is the same multiple of its count in the first: otherwise the
   * raters who did not change read differently in the two records, and no such reading leaves them out. Null there,
   * where a mean has no count, and where the means' counts in the second record are all equal (the plain reading is
   * this one).
   */
  private static long[] meanWeights(ContributionHistory history, int team, Mix mix, int[][] left, int[][] right) {
    int slots = mix.slots().length;
    int means = Arrays.stream(mix.means()).max().orElse(0) + 1;
    long[] before = new long[means];
    long[] after = new long[means];
    for (int t = 0; t < slots; t++) {
      int slot = mix.slots()[t];
      int[] groups = slot < Cells.COUNT ? OTHER_GROUPS : SELF_GROUP;
      for (Contribution c : pooled(history, team, slot % Cells.COUNT, left[t], groups).values()) {
        before[mix.means()[t]] += c.n();
      }
      for (Contribution c : pooled(history, team, slot % Cells.COUNT, right[t], groups).values()) {
        after[mix.means()[t]] += c.n();
      }
    }
    boolean equal = true;
    for (int m = 0; m < means; m++) {
      if (before[m] == 0 || after[m] == 0 || after[m] * before[0] != before[m] * after[0]) {
        return null;
      }
      equal &= after[m] == after[0];
    }
    if (equal) {
      return null;
    }
    long[] ofMean = new long[means];
    long divisor = 0;
    for (int m = 0; m < means; m++) {
      ofMean[m] = 1;
      for (int other = 0; other < means; other++) {
        ofMean[m] *= other == m ? 1 : after[other];
      }
      divisor = gcd(divisor, ofMean[m]);
    }
    long[] weights = new long[slots];
    for (int t = 0; t < slots; t++) {
      weights[t] = mix.signs()[t] * ofMean[mix.means()[t]] / divisor;
    }
    return weights;
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /** {@link #mixPair} for one reading of the mix: its slots' sums weighted by {@code weights}. */
  private void readMix(ContributionHistory history, int team, Mix mix, long[] weights, int[][] left, int[][] right,
      Explained first, Explained second, boolean consecutive, CheckReport report) {
    MixChanges read = mixChanges(history, team, mix, weights, IntStream.range(0, mix.slots().length).toArray(),
        mix.squares(), left, right);
    List<String> raters = read.raters();
    List<long[]> moved = read.moved();
    long[] total = read.total();
    boolean summed = Arrays.stream(weights).allMatch(weight -> weight > 0);
    if (mixReadsAsNothing(total, summed)) {
      return;
    }
    if (consecutive) {
      report.mixPairs++;
    } else {
      report.mixPairsApart++;
    }
    // Records further apart are read for raters whose changes are nothing in the mix (a swap between two cells, in a
    // cycle: the seventeenth review), not searched for changes that cancel by coincidence ("What remains"). Across a
    // group entering or leaving the pool they are searched, and counted: copies of a group's forms beside a victim's
    // answer, published before the group left (twenty-fourth review), make such a pair on purpose.
    Set<String> few = raters.size() < minChange ? new TreeSet<>(raters)
        : consecutive ? fewMixesMakeTheWhole(raters, moved, total, summed) : null;
    if (few == null && !consecutive && mixPoolDiffers(mix, left, right)
        && fewMixesMakeTheWhole(raters, moved, total, summed) != null) {
      report.mixAcrossPoolApart++;
    }
    if (few != null) {
      report.fail(CheckReport.SMALL_PAIR, "seed " + history.sequence().seed() + " team "
          + history.sequence().teams().get(team) + " mix of slots " + Arrays.toString(mix.slots()) + " weights "
          + Arrays.toString(weights) + ": records after input #" + first.published().moment() + " and #"
          + second.published().moment() + (consecutive ? " (consecutive)" : "") + " differ by " + few + " alone (of "
          + raters + ")\n" + history.sequence().describe());
    }
  }

  /** Whether a group of one of the mix's cells (SELF too) is shown in one of the two readings and not the other. */
  private static boolean mixPoolDiffers(Mix mix, int[][] left, int[][] right) {
    for (int t = 0; t < mix.slots().length; t++) {
      if (poolDiffers(left[t], right[t], mix.slots()[t] < Cells.COUNT ? OTHER_GROUPS : SELF_GROUP)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a mix's change shows nothing: the sum or the squares unchanged, with the slots' n unchanged: each of them,
   * or where the mix only sums its slots ({@code summed}) their total, as one cell of them all would show it
   * (twenty-second review: two raters cancelling in two cells summed while one cell's count went down and the
   * other's up).
   */
  private static boolean mixReadsAsNothing(long[] change, boolean summed) {
    long totalN = 0;
    for (int i = 0; i < change.length - 2; i++) {
      if (change[i] != 0 && !summed) {
        return false;
      }
      totalN += change[i];
    }
    return totalN == 0 && (change[change.length - 2] == 0 || change[change.length - 1] == 0);
  }

  /** Fewer than N of the changes that, summed, leave the whole change's rest reading as nothing; or null. */
  private Set<String> fewMixesMakeTheWhole(List<String> raters, List<long[]> changes, long[] total,
      boolean summed) {
    if (raters.size() > CANCEL_SEARCH_LIMIT) {
      return null;
    }
    for (int size = 1; size < minChange; size++) {
      int[] chosen = new int[size];
      if (mixSubset(changes, total.clone(), chosen, 0, size, 0, summed)) {
        Set<String> found = new TreeSet<>();
        for (int i : chosen) {
          found.add(raters.get(i));
        }
        return found;
      }
    }
    return null;
  }

  private static boolean mixSubset(List<long[]> changes, long[] target, int[] chosen, int depth, int size,
      int from, boolean summed) {
    if (depth == size) {
      return mixReadsAsNothing(target, summed);
    }
    for (int i = from; i <= changes.size() - (size - depth); i++) {
      chosen[depth] = i;
      long[] change = changes.get(i);
      long[] rest = target.clone();
      for (int k = 0; k < rest.length; k++) {
        rest[k] -= change[k];
      }
      if (mixSubset(changes, rest, chosen, depth + 1, size, i + 1, summed)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Per self-rater of the two SELF compositions, as a mix reads them ({@link #mixReadsAsNothing}): leader n, manager n,
   * and leader sum less manager sum twice (SELF shows no spread, so the sum stands for the squares too).
   */
  private static Map<String, long[]> selfGaps(ContributionHistory history, int team, int leaderCell, int leader,
      int manager) {
    Map<String, long[]> gaps = new HashMap<>();
    byRater(history, team, leaderCell, SELF, leader).forEach((rater, c) -> {
      long[] gap = gaps.computeIfAbsent(rater, r -> new long[GAP_WIDTH]);
      gap[0] += c.n();
      gap[2] += c.sum();
      gap[3] += c.sum();
    });
    byRater(history, team, leaderCell + 1, SELF, manager).forEach((rater, c) -> {
      long[] gap = gaps.computeIfAbsent(rater, r -> new long[GAP_WIDTH]);
      gap[1] += c.n();
      gap[2] -= c.sum();
      gap[3] -= c.sum();
    });
    return gaps;
  }

  private static final int GAP_WIDTH = 4;

  /** How {@link #subsetSums} compares: in the count, the sum and the squares. */
  private static final int EXACTLY = 0;
  /** How {@link #subsetSums} compares: as {@link Contribution#readsAsNothing} reads, whatever the count. */
  private static final int AS_READ = 1;
  /** How {@link #subsetSums} compares: as {@link Contribution#readsAsNothing} reads, and in the count too. */
  private static final int WITH_COUNTS = 2;

  /** Whether a group's part is shown in one of the two compositions and not in the other. */
  private static boolean poolDiffers(int[] left, int[] right, int[] groups) {
    for (int group : groups) {
      if ((left[group] == ContributionHistory.NONE) != (right[group] == ContributionHistory.NONE)) {
        return true;
      }
    }
    return false;
  }

  private void pair(ContributionHistory history, int team, int slot, Explained first, Explained second,
      boolean consecutive, CheckReport report) {
    report.cellPairs++;
    int cell = slot % Cells.COUNT;
    int[] groups = slot < Cells.COUNT ? OTHER_GROUPS : SELF_GROUP;
    int worst = 0;
    int best = Integer.MAX_VALUE;
    boolean differing = false;
    int[] worstLeft = null;
    int[] worstRight = null;
    Set<String> worstDiff = null;
    Set<String> worstReverts = null;
    boolean moved = false;
    // Readings that differ by at least N raters: clean, or cancelling down to fewer (the rest's changes add to zero).
    boolean clean = false;
    Set<String> cancelledTo = null;
    boolean cancelsInEveryReading = false;
    int[] cancelLeft = null;
    int[] cancelRight = null;
    // Readings that differ by at least N raters but by fewer once read about a score (docs/privacy.md, "Scores of
    // one value added or taken away count nowhere").
    AboutAScore aboutAScore = null;
    int[] aboutLeft = null;
    int[] aboutRight = null;
    if (first.values()[slot].size() == 1 && second.values()[slot].size() == 1
        && Arrays.equals(first.values()[slot].get(0), second.values()[slot].get(0))) {
      return;
    }
    for (int[] left : first.values()[slot]) {
      for (int[] right : second.values()[slot]) {
        // What the attacker subtracts is the pooled cell: a rater whose response moved between two pooled groups
        // with its answers is in both groups' differences and in neither record's difference.
        Set<String> diff = pooledDiff(history, team, cell, groups, left, right);
        if (diff.size() >= minChange) {
          differing = true;
          best = Math.min(best, 0);
          // Across a group entering or leaving the pool whole compositions are compared, and their totals coincide
          // with a few raters' in the sum alone far more often than in the count and sum: such pairs are read with
          // their counts and counted apart (docs/privacy.md, "What remains").
          boolean acrossPool = poolDiffers(left, right, groups);
          Set<String> remaining = cancelsDownToFewerThanN(history, team, cell, groups, left, right, diff,
              acrossPool ? WITH_COUNTS : AS_READ);
          if (remaining == null && acrossPool
              && cancelsDownToFewerThanN(history, team, cell, groups, left, right, diff, AS_READ) != null) {
            report.countFreeAcrossPool(consecutive);
          }
          AboutAScore about = remaining == null
              ? aboutAScore(history, team, cell, groups, left, right, diff, second.published().moment()) : null;
          if (remaining == null && about == null) {
            clean = true;
          } else if (remaining == null) {
            if (aboutAScore == null) {
              aboutAScore = about;
              aboutLeft = left;
              aboutRight = right;
            }
          } else {
            if (cancelledTo == null) {
              cancelledTo = remaining;
              cancelLeft = left;
              cancelRight = right;
            }
            cancelsInEveryReading |= cancelsDownToFewerThanN(history, team, cell, groups, left, right, diff,
                EXACTLY) != null;
          }
          continue;
        }
        if (diff.isEmpty()) {
          clean = true;
        }
        int verdict = 0;
        Set<String> reverts = Set.of();
        if (!diff.isEmpty()) {
          differing = true;
          if (diff.size() < minChange) {
            reverts = reverts(history, team, cell, groups, left, right, first.published().moment(),
                second.published().moment(), diff);
            Set<String> changed = new TreeSet<>(diff);
            changed.addAll(reverts);
            verdict = changed.size() >= minChange ? 1 : 2;
            if (verdict == 2 && movedAcrossThePool(history, team, cell, groups, left, right,
                first.published().moment(), second.published().moment())) {
              verdict = 1;
              moved = true;
            }
          }
        }
        if (verdict >= worst) {
          worst = verdict;
          worstLeft = left;
          worstRight = right;
          worstDiff = diff;
          worstReverts = reverts;
        }
        best = Math.min(best, verdict);
      }
    }
    if (differing) {
      report.differingCellPairs++;
    }
    if (cancelledTo != null && !clean) {
      // Every reading is under N, or N raters whose changes but for fewer than N add up to zero: the attacker's
      // difference is those few raters' changes summed (X 2 to 4 and Y 4 to 2 in one batch with A and B).
      Set<String> shown = cancelledTo;
      int[] shownLeft = cancelLeft;
      int[] shownRight = cancelRight;
      report.cancelResidual(consecutive, cancelsInEveryReading, () -> "seed " + history.sequence().seed() + " team "
          + history.sequence().teams().get(team) + " " + (slot < Cells.COUNT ? "" : "SELF ") + Cells.name(cell)
          + ": records after input #" + first.published().moment() + " and #" + second.published().moment()
          + (consecutive ? " (consecutive)" : "") + " differ by the changes of " + shown + " alone, the others'"
          + " cancelling\n  first:  " + show(history, team, slot, first) + " = "
          + describe(history, team, cell, shownLeft, groups) + "\n  second: " + show(history, team, slot, second)
          + " = " + describe(history, team, cell, shownRight, groups) + "\n" + history.sequence().describe());
      return;
    }
    if (aboutAScore != null && !clean && worst == 0) {
      // Every reading reaches N only with raters whose change, read about some score c (sum - c n, squares - c^2 n),
      // is nothing: scores of c added to or taken from a cell they had scored, or a cell a correction left holding
      // them. A reader who guesses (or knows of the fix to) c gets the others' changes alone.
      AboutAScore shown = aboutAScore;
      int[] shownLeft = aboutLeft;
      int[] shownRight = aboutRight;
      report.aboutAScore(consecutive, () -> "seed " + history.sequence().seed() + " team "
          + history.sequence().teams().get(team) + " " + (slot < Cells.COUNT ? "" : "SELF ") + Cells.name(cell)
          + ": records after input #" + first.published().moment() + " and #" + second.published().moment()
          + (consecutive ? " (consecutive)" : "") + " read about the score " + shown.score() + " differ by the changes"
          + " of " + shown.raters() + " alone, " + shown.invisible() + " adding or taking away scores of "
          + shown.score() + "\n  first:  " + show(history, team, slot, first) + " = "
          + describe(history, team, cell, shownLeft, groups) + "\n  second: " + show(history, team, slot, second)
          + " = " + describe(history, team, cell, shownRight, groups) + "\n" + history.sequence().describe());
      return;
    }
    if (worst == 0) {
      return;
    }
    if (best == 0 && samePublishedValues(first, second, slot)) {
      // Equal published values and a reading in which nothing (or at least N raters) changed: the difference is
      // zero, the pair tells the attacker nothing. The other readings exist only because compositions coincide.
      report.coincidences++;
      return;
    }
    int[] shownLeft = worstLeft;
    int[] shownRight = worstRight;
    Set<String> shownDiff = worstDiff;
    Set<String> shownReverts = worstReverts;
    boolean definite = best == 2;
    Supplier<String> example = () -> "seed " + history.sequence().seed() + " team "
        + history.sequence().teams().get(team) + " " + (slot < Cells.COUNT ? "" : "SELF ") + Cells.name(cell)
        + ": records after input #" + first.published().moment() + " and #" + second.published().moment()
        + (definite ? "" : " may") + " differ by raters " + shownDiff + " (reverted in between: " + shownReverts
        + ")\n  first:  " + show(history, team, slot, first) + " = " + describe(history, team, cell, shownLeft, groups)
        + "\n  second: " + show(history, team, slot, second) + " = "
        + describe(history, team, cell, shownRight, groups)
        + (definite ? "" : "\n  (another reading of the same totals differs by none or at least N raters)")
        + "\n" + history.sequence().describe();
    if (definite) {
      // Every reading of the two records differs by fewer than N raters, reverts included: definite.
      report.fail(CheckReport.SMALL_PAIR, example);
    } else if (best == 1 && moved) {
      // Under N only where moved responses cancel across a group entering or leaving the pool: known, counted.
      report.moveResidualPairs++;
      if (report.moveResidualExample == null) {
        report.moveResidualExample = example.get();
      }
    } else if (best == 1) {
      // No reading reaches N without raters that changed and came back in between.
      report.revertResidualPairs++;
      if (worst == 2) {
        report.revertResidualPairsWithSmallReading++;
      }
    } else {
      // Some reading is fine: the failing readings exist only because other compositions have the same totals
      // (seed 240, TA, CHANGE.leader #33 -> #34: M1's and M3's responses have equal totals, so "only M2 changed"
      // explains the pair as well as the true M1 out, M2 corrected, M3 in). Counted, not a failure.
      report.ambiguous(worst == 2, example);
    }
  }

  /**
   * A reading of two records about {@code score}: the raters whose change shows in it, fewer than N, and those whose
   * change does not.
   */
  private record AboutAScore(int score, Set<String> raters, Set<String> invisible) {}

  /**
   * The first score c (1 to 5) about which the difference of the two choices is what fewer than N (and more than
   * none) of the differing raters changed: every other differing rater scores the cell at both moments and only
   * added or took away scores of c (count k, sum c k, squares c^2 k), which the readings {@code sum - c n} and
   * {@code squares - c^2 n} do not see. Null when there is none. A rater's contribution arriving whole or leaving
   * whole is not read so: reading it about c is guessing all of it (what a new rater answered, or what a part leaving
   * the pool held), and one answer is always one score; unless a correction of the rater's since they came to score
   * the cell left it holding scores of one value (fiftieth review: a form not yet shown, fixed to 3 and 3).
   */
  private AboutAScore aboutAScore(ContributionHistory history, int team, int cell, int[] groups, int[] left,
      int[] right, Set<String> diff, int secondMoment) {
    Map<String, Contribution> before = pooled(history, team, cell, left, groups);
    Map<String, Contribution> after = pooled(history, team, cell, right, groups);
    for (int score = 1; score <= 5; score++) {
      Set<String> visible = new TreeSet<>();
      Set<String> invisible = new TreeSet<>();
      for (String rater : diff) {
        Contribution had = before.getOrDefault(rater, Contribution.NONE);
        Contribution has = after.getOrDefault(rater, Contribution.NONE);
        // Arriving whole, a contribution reads as nothing to a reader who knows what a correction since its arrival
        // made of it (an export fix), not to one guessing a new rater's answers.
        boolean known = !had.isEmpty() || history.correctedToOneValueSinceArrival(team, rater, cell, secondMoment);
        boolean readsAsNothing = known && !has.isEmpty() && has.minus(had).isScoresOf(score, sumsOnly);
        (readsAsNothing ? invisible : visible).add(rater);
      }
      if (!visible.isEmpty() && visible.size() < minChange) {
        return new AboutAScore(score, visible, invisible);
      }
    }
    return null;
  }

  /**
   * The fewer than N raters of the difference whose pooled changes add up to the whole difference of the cell (the
   * others' changes cancel out), or null when no such raters exist or the difference is zero: the sum the attacker
   * subtracts is then what those few raters changed.
   */
  private Set<String> cancelsDownToFewerThanN(ContributionHistory history, int team, int cell, int[] groups,
      int[] left, int[] right, Set<String> diff, int reading) {
    return fewerThanNExplain(pooled(history, team, cell, left, groups), pooled(history, team, cell, right, groups),
        diff, reading);
  }

  /**
   * Fewer than N of the differing raters whose changes (from {@code before} to {@code after}) add up to all the
   * differing raters' changes together, or null when none do or the change is zero.
   */
  private Set<String> fewerThanNExplain(Map<String, Contribution> before, Map<String, Contribution> after,
      Set<String> differing, int reading) {
    List<String> raters = new ArrayList<>(differing);
    List<Contribution> changes = changes(before, after, raters);
    Contribution total = sum(changes);
    if (total.equals(Contribution.NONE) || raters.size() > CANCEL_SEARCH_LIMIT) {
      return null;
    }
    int[] chosen = new int[Math.max(minChange - 1, 0)];
    for (int size = 1; size < minChange && size < raters.size(); size++) {
      if (subsetSums(changes, total, chosen, 0, size, 0, reading)) {
        Set<String> found = new TreeSet<>();
        for (int i = 0; i < size; i++) {
          found.add(raters.get(chosen[i]));
        }
        return found;
      }
    }
    return null;
  }

  /** Each rater's change from {@code before} to {@code after}, in the order of {@code raters}. */
  private static List<Contribution> changes(Map<String, Contribution> before, Map<String, Contribution> after,
      Collection<String> raters) {
    List<Contribution> changes = new ArrayList<>(raters.size());
    for (String rater : raters) {
      changes.add(after.getOrDefault(rater, Contribution.NONE).minus(before.getOrDefault(rater, Contribution.NONE)));
    }
    return changes;
  }

  private static Contribution sum(List<Contribution> changes) {
    Contribution total = Contribution.NONE;
    for (Contribution change : changes) {
      total = total.plus(change);
    }
    return total;
  }

  /** Whether {@code size} more changes from index {@code from} on add up to {@code target}, noting them in chosen. */
  private static boolean subsetSums(List<Contribution> changes, Contribution target, int[] chosen, int depth,
      int size, int from, int reading) {
    if (size == 0) {
      return reading == EXACTLY ? target.equals(Contribution.NONE)
          : target.readsAsNothing() && (reading == AS_READ || target.n() == 0);
    }
    for (int i = from; i <= changes.size() - size; i++) {
      chosen[depth] = i;
      if (subsetSums(changes, target.minus(changes.get(i)), chosen, depth + 1, size - 1, i + 1, reading)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a reading's small difference comes from responses that moved between groups, one group shown in one
   * record and not in the other: counted group by group (as if no response ever moved) the two readings differ by at
   * least N raters, and some group is in the pool at one of the two moments only.
   */
  private boolean movedAcrossThePool(ContributionHistory history, int team, int cell, int[] groups, int[] left,
      int[] right, int firstMoment, int secondMoment) {
    int byGroup = 0;
    boolean poolChanged = false;
    for (int group : groups) {
      byGroup += history.diff(team, cell, group, left[group], right[group]).size();
      poolChanged |= (history.groupRaters(team, firstMoment, group) >= minRaters)
          != (history.groupRaters(team, secondMoment, group) >= minRaters);
    }
    return poolChanged && byGroup >= minChange;
  }

  private boolean samePublishedValues(Explained first, Explained second, int slot) {
    TeamScores left = first.published().value();
    TeamScores right = second.published().value();
    int cell = slot % Cells.COUNT;
    if (slot < Cells.COUNT) {
      return Objects.equals(totalsOf(Cells.cell(left, cell), sumsOnly), totalsOf(Cells.cell(right, cell), sumsOnly));
    }
    return Objects.equals(Cells.axis(left, Cells.axis(cell)).getSelfBalance(),
        Cells.axis(right, Cells.axis(cell)).getSelfBalance());
  }

  /**
   * Raters outside the difference whose own contribution to the cell changed between the two moments and came back:
   * between the last moment each part held (at or before its record), in their group.
   */
  private static Set<String> reverts(ContributionHistory history, int team, int cell, int[] groups, int[] left,
      int[] right, int firstMoment, int secondMoment, Set<String> diff) {
    Set<String> reverts = new TreeSet<>();
    for (int group : groups) {
      if (left[group] == ContributionHistory.NONE || right[group] == ContributionHistory.NONE) {
        continue;
      }
      int from = history.lastMomentHeld(team, cell, group, left[group], firstMoment);
      int to = history.lastMomentHeld(team, cell, group, right[group], secondMoment);
      int lo = Math.min(from, to);
      int hi = Math.max(from, to);
      for (String rater : history.sequence().groupOfRater().keySet()) {
        if (diff.contains(rater)) {
          continue;
        }
        // The rater's contribution pooled over the groups: a response that only moved between them did not change.
        Contribution base = pooledAt(history, team, lo, cell, groups, rater);
        for (int moment = lo + 1; moment <= hi; moment++) {
          if (!pooledAt(history, team, moment, cell, groups, rater).equals(base)) {
            reverts.add(rater);
            break;
          }
        }
      }
    }
    return reverts;
  }

  private static Contribution pooledAt(ContributionHistory history, int team, int moment, int cell, int[] groups,
      String rater) {
    Contribution pooled = Contribution.NONE;
    for (int group : groups) {
      pooled = pooled.plus(history.contributionAt(team, moment, cell, group, rater));
    }
    return pooled;
  }

  private static String show(ContributionHistory history, int team, int slot, Explained record) {
    TeamScores scores = record.published().value();
    int cell = slot % Cells.COUNT;
    if (slot < Cells.COUNT) {
      CellScores published = Cells.cell(scores, cell);
      return totalsOf(published, history.sumsOnly()) + " raters=" + published.getRaters();
    }
    return "selfBalance=" + Cells.axis(scores, Cells.axis(cell)).getSelfBalance();
  }

  private static String describe(ContributionHistory history, int team, int cell, int[] choice, int[] groups) {
    StringBuilder out = new StringBuilder();
    for (int group : groups) {
      if (choice[group] != ContributionHistory.NONE) {
        out.append(RaterGroup.values()[group]).append(history.composition(team, cell, group, choice[group])
            .byRater()).append(' ');
      }
    }
    return out.length() == 0 ? "nothing" : out.toString().trim();
  }

  // ---------------------------------------------------------------- liveness

  /**
   * Once input stops, every cell with a mean in the team's last record must show, per group, the exact contribution,
   * or a part fewer than N raters away from it, unless the group is out of the pool or has fewer than N raters on the
   * cell; likewise the SELF parts behind selfBalance.
   */
  private void liveness(ContributionHistory history, int team, List<Explained> records, CheckReport report) {
    int last = history.moments() - 1;
    String teamId = history.sequence().teams().get(team);
    if (records.isEmpty()) {
      if (history.hasResponses(team, last)) {
        report.fail(CheckReport.LIVENESS, "seed " + history.sequence().seed() + " team " + teamId
            + ": responses count but nothing was published");
      }
      return;
    }
    Explained record = records.get(records.size() - 1);
    Supplier<String> where = () -> "seed " + history.sequence().seed() + " team " + teamId + " final record (after"
        + " input #" + record.published().moment() + ")";
    if (record.published().value() == null) {
      if (history.hasResponses(team, last)) {
        report.fail(CheckReport.LIVENESS, where.get() + ": a tombstone although responses count");
      }
      return;
    }
    for (int cell = 0; cell < Cells.COUNT; cell++) {
      // Only a cell with a mean has values to judge. Without a mean the counts are checked (explainCounts); the
      // parts they count (perhaps one published while its group was out of the pool, shown again on re-entry on
      // fewer than N raters: seed 175, TA, HORIZON.manager) cannot be told from other parts with the same n.
      if (Cells.cell(record.published().value(), cell).getMean() == null) {
        report.livenessSkippedNullMean++;
        continue;
      }
      List<int[]> choices = record.values()[cell];
      if (choices == null || choices.isEmpty()) {
        continue;
      }
      report.livenessCells++;
      int shownCell = cell;
      int[] dormant = lastShown(records, cell);
      if (choices.stream().noneMatch(choice -> live(history, team, last, shownCell, choice, OTHER_GROUPS, dormant))) {
        int[] exact = none();
        for (int group : OTHER_GROUPS) {
          exact[group] = history.heldAt(team, last, cell, group);
        }
        report.fail(CheckReport.LIVENESS, () -> where.get() + ", " + Cells.name(shownCell) + ": shows "
            + describe(history, team, shownCell, choices.get(0), OTHER_GROUPS) + ", exact "
            + describe(history, team, shownCell, exact, OTHER_GROUPS) + "\n" + history.sequence().describe());
      }
    }
    for (int axis = 0; axis < 3; axis++) {
      int leaderCell = 2 * axis;
      List<int[]> leaders = record.values()[Cells.COUNT + leaderCell];
      List<int[]> managers = record.values()[Cells.COUNT + leaderCell + 1];
      boolean ok;
      if (leaders == null) {
        int exactLeader = history.heldAt(team, last, leaderCell, SELF);
        int exactManager = history.heldAt(team, last, leaderCell + 1, SELF);
        int leaderRaters = history.raters(team, leaderCell, SELF, exactLeader);
        int managerRaters = history.raters(team, leaderCell + 1, SELF, exactManager);
        ok = history.groupRaters(team, last, SELF) < minRaters || leaderRaters < minRaters
            || managerRaters < minRaters || leaderRaters < minChange || managerRaters < minChange
            || arrivedOtherThanByMove(history, team, last, leaderCell, SELF) < minChange
            || arrivedOtherThanByMove(history, team, last, leaderCell + 1, SELF) < minChange;
      } else {
        ok = leaders.stream().anyMatch(choice -> live(history, team, last, leaderCell, choice, SELF_GROUP, none()))
            && managers.stream()
                .anyMatch(choice -> live(history, team, last, leaderCell + 1, choice, SELF_GROUP, none()));
      }
      if (!ok) {
        int shownAxis = axis;
        report.fail(CheckReport.LIVENESS, () -> where.get() + ", selfBalance of axis " + shownAxis + " = "
            + Cells.axis(record.published().value(), shownAxis).getSelfBalance() + ", exact SELF parts "
            + history.composition(team, 2 * shownAxis, SELF, history.heldAt(team, last, 2 * shownAxis, SELF)) + " / "
            + history.composition(team, 2 * shownAxis + 1, SELF, history.heldAt(team, last, 2 * shownAxis + 1, SELF))
            + "\n" + history.sequence().describe());
      }
    }
  }

  /**
   * Raters of the group's exact part whose contribution is more than what moves brought there (from another team or
   * group with the same answers): a part whose raters mostly arrived by moves may still hold what it published.
   */
  private static int arrivedOtherThanByMove(ContributionHistory history, int team, int moment, int cell, int group) {
    int count = 0;
    int exact = history.heldAt(team, moment, cell, group);
    if (exact == ContributionHistory.NONE) {
      return 0;
    }
    for (String rater : history.composition(team, cell, group, exact).byRater().keySet()) {
      if (history.moreThanAMove(team, moment, cell, group, rater, Contribution.NONE)) {
        count++;
      }
    }
    return count;
  }

  /**
   * Per group, the composition of the cell's part in the last record that showed one (where that record reads one way
   * there), or NONE: what a group out of the pool now showed last, the part the rule keeps for its return.
   */
  private static int[] lastShown(List<Explained> records, int cell) {
    int[] shown = none();
    for (int group : OTHER_GROUPS) {
      for (int i = records.size() - 1; i >= 0; i--) {
        List<int[]> choices = records.get(i).values()[cell];
        if (choices != null && choices.size() == 1 && choices.get(0)[group] != ContributionHistory.NONE) {
          shown[group] = choices.get(0)[group];
          break;
        }
      }
    }
    return shown;
  }

  private boolean live(ContributionHistory history, int team, int moment, int cell, int[] choice, int[] groups,
      int[] dormant) {
    for (int group : groups) {
      int exact = history.heldAt(team, moment, cell, group);
      boolean ok = choice[group] == exact
          || countedChanges(history, team, moment, cell, choice, group) < minChange
          || cancelsDownToFewerThanN(history, team, cell, group, choice[group], exact)
          || cancelsDownBesideMoves(history, team, moment, cell, choice, group)
          || cancelsAgainstGroupsThatMayLeave(history, team, cell, choice, group, exact, dormant)
          || cancelsAgainstGroupsThatLeft(history, team, moment, cell, choice, group, dormant)
          || history.groupRaters(team, moment, group) < minRaters
          || history.raters(team, cell, group, exact) < minChange;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the part's change from the shown composition to the exact one is what fewer than N of the differing
   * raters changed, summed, the others' changes cancelling out (X 2 to 4, Y 4 to 2): the rule holds such a batch
   * back (docs/privacy.md).
   */
  private boolean cancelsDownToFewerThanN(ContributionHistory history, int team, int cell, int group, int shown,
      int exact) {
    Map<String, Contribution> before = byRater(history, team, cell, group, shown);
    Map<String, Contribution> after = byRater(history, team, cell, group, exact);
    return fewerThanNExplain(before, after, history.diff(team, cell, group, shown, exact), AS_READ) != null;
  }

  /**
   * Whether the part's change from the shown composition to the exact one, less or plus the shown parts of some of
   * the cell's other groups, is what fewer than N of its differing raters changed, in the sum or the squares: were
   * those groups to leave the pool after the batch, the record then would differ from the one shown by those few
   * raters' changes (copies of the groups' answers sent into this one, or a coincidence of totals), and had they been
   * out of it at an earlier record, the record after the batch would differ from that one so (twenty-sixth review).
   * The rule holds such a batch back (docs/privacy.md, "Moves across the pool", the same with copies).
   */
  private boolean cancelsAgainstGroupsThatMayLeave(ContributionHistory history, int team, int cell, int[] choice,
      int group, int exact, int[] dormant) {
    if (group == SELF) {
      return false;
    }
    List<Contribution> others = new ArrayList<>();
    for (int other : OTHER_GROUPS) {
      int part = choice[other] != ContributionHistory.NONE ? choice[other] : dormant[other];
      if (other != group && part != ContributionHistory.NONE) {
        others.add(history.total(team, cell, other, part));
      }
    }
    List<Contribution> changes = changes(byRater(history, team, cell, group, choice[group]),
        byRater(history, team, cell, group, exact), history.diff(team, cell, group, choice[group], exact));
    Contribution net = sum(changes);
    int[] chosen = new int[Math.max(minChange - 1, 0)];
    int ways = (int) Math.pow(3, others.size());
    for (int way = 1; way < ways; way++) {
      // Each other group gone (its part less), back (its part more) or in both records alike.
      Contribution target = net;
      for (int i = 0, digits = way; i < others.size(); i++, digits /= 3) {
        if (digits % 3 == 1) {
          target = target.minus(others.get(i));
        } else if (digits % 3 == 2) {
          target = target.plus(others.get(i));
        }
      }
      for (int size = 1; size < minChange && size <= changes.size(); size++) {
        if (subsetSums(changes, target, chosen, 0, size, 0, AS_READ)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether the part's change from the shown composition to the exact one, less the last shown parts of some of the
   * cell's other groups, is exactly (count, sum and squares) what fewer than N raters changed in this group and those
   * groups, each rater's changes there summed: were those groups out of the pool, the record after the batch would
   * differ from one before they left by those raters' changes (review 117: O3's withdrawal takes OTHER out, W's and
   * O2's forms are copied into PEER beside V's first answer, and PEER's batch less OTHER's part is V's answer less
   * O3's). The rule holds such a batch back while those groups are out of the pool, and reads a held part again only
   * when a change touches it: a group back in the pool since leaves it held (docs/privacy.md, "Moves across the
   * pool"). So every group with a shown part is read, in the pool or not.
   */
  private boolean cancelsAgainstGroupsThatLeft(ContributionHistory history, int team, int moment, int cell,
      int[] choice, int group, int[] dormant) {
    if (group == SELF) {
      return false;
    }
    List<Integer> left = new ArrayList<>();
    for (int other : OTHER_GROUPS) {
      if (other != group && dormant[other] != ContributionHistory.NONE) {
        left.add(other);
      }
    }
    if (left.isEmpty()) {
      return false;
    }
    int exact = history.heldAt(team, moment, cell, group);
    Map<String, Contribution> perRater = new HashMap<>();
    addChanges(perRater, byRater(history, team, cell, group, choice[group]), byRater(history, team, cell, group,
        exact));
    for (int other : left) {
      addChanges(perRater, byRater(history, team, cell, other, dormant[other]),
          byRater(history, team, cell, other, history.heldAt(team, moment, cell, other)));
    }
    List<Contribution> changes = new ArrayList<>();
    for (Contribution change : perRater.values()) {
      if (!change.equals(Contribution.NONE)) {
        changes.add(change);
      }
    }
    Contribution net = sum(changes(byRater(history, team, cell, group, choice[group]),
        byRater(history, team, cell, group, exact), history.diff(team, cell, group, choice[group], exact)));
    int[] chosen = new int[Math.max(minChange - 1, 0)];
    for (int gone = 1; gone < 1 << left.size(); gone++) {
      Contribution target = net;
      for (int i = 0; i < left.size(); i++) {
        if ((gone & (1 << i)) != 0) {
          target = target.minus(history.total(team, cell, left.get(i), dormant[left.get(i)]));
        }
      }
      for (int size = 1; size < minChange && size <= changes.size(); size++) {
        if (subsetSums(changes, target, chosen, 0, size, 0, EXACTLY)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Adds to {@code into} each rater's change from {@code before} to {@code after}. */
  private static void addChanges(Map<String, Contribution> into, Map<String, Contribution> before,
      Map<String, Contribution> after) {
    Set<String> raters = new HashSet<>(before.keySet());
    raters.addAll(after.keySet());
    for (String rater : raters) {
      Contribution change = after.getOrDefault(rater, Contribution.NONE)
          .minus(before.getOrDefault(rater, Contribution.NONE));
      into.merge(rater, change, Contribution::plus);
    }
  }

  /** Each rater's contribution in the group's composition {@code id} of the cell; nothing for NONE. */
  private static Map<String, Contribution> byRater(ContributionHistory history, int team, int cell, int group,
      int id) {
    return id == ContributionHistory.NONE ? Map.of() : history.composition(team, cell, group, id).byRater();
  }

  /**
   * Whether the rule holds the part's change from the shown composition to the exact one for its uncounted raters
   * (moves, departures, withdrawals, returns): a counted rater whose change is exactly the opposite of an uncounted
   * one's counts nowhere either (each uncounted pairs once), and the batch waits when fewer than N counted raters are
   * left, or when the change less the uncounted and paired raters' is nothing or what fewer than N of the differing
   * raters changed (docs/privacy.md, "A batch that cancels down to fewer than N raters"). Outside SELF an uncounted
   * change of another pooled group's part of the cell, by a rater with no change here, pairs too.
   */
  private boolean cancelsDownBesideMoves(ContributionHistory history, int team, int moment, int cell, int[] choice,
      int group) {
    int exact = history.heldAt(team, moment, cell, group);
    Map<String, Contribution> before = byRater(history, team, cell, group, choice[group]);
    Map<String, Contribution> after = byRater(history, team, cell, group, exact);
    Set<String> counted = countedRaters(history, team, moment, cell, choice, group);
    List<Contribution> changes = new ArrayList<>();
    List<Contribution> uncounted = new ArrayList<>();
    List<Contribution> countedChanges = new ArrayList<>();
    for (String rater : history.diff(team, cell, group, choice[group], exact)) {
      Contribution change = after.getOrDefault(rater, Contribution.NONE)
          .minus(before.getOrDefault(rater, Contribution.NONE));
      changes.add(change);
      (counted.contains(rater) ? countedChanges : uncounted).add(change);
    }
    List<Contribution> unpaired = new ArrayList<>(uncounted);
    if (group != SELF) {
      Set<String> here = history.diff(team, cell, group, choice[group], exact);
      for (int other : OTHER_GROUPS) {
        if (other == group) {
          continue;
        }
        int otherExact = history.heldAt(team, moment, cell, other);
        Map<String, Contribution> otherBefore = byRater(history, team, cell, other, choice[other]);
        Map<String, Contribution> otherAfter = byRater(history, team, cell, other, otherExact);
        Set<String> otherCounted = countedRaters(history, team, moment, cell, choice, other);
        for (String rater : history.diff(team, cell, other, choice[other], otherExact)) {
          if (!here.contains(rater) && !otherCounted.contains(rater)) {
            unpaired.add(otherAfter.getOrDefault(rater, Contribution.NONE)
                .minus(otherBefore.getOrDefault(rater, Contribution.NONE)));
          }
        }
      }
    }
    if (unpaired.isEmpty()) {
      return false;
    }
    Contribution rest = Contribution.NONE;
    int stillCounted = 0;
    for (Contribution change : countedChanges) {
      if (unpaired.remove(Contribution.NONE.minus(change))) {
        continue;
      }
      stillCounted++;
      rest = rest.plus(change);
    }
    if (uncounted.isEmpty() && stillCounted == countedChanges.size()) {
      return false;
    }
    if (stillCounted < minChange || rest.readsAsNothing()) {
      return true;
    }
    int[] chosen = new int[Math.max(minChange - 1, 0)];
    for (int size = 1; size < minChange && size < changes.size(); size++) {
      if (subsetSums(changes, rest, chosen, 0, size, 0, AS_READ)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The raters whose contribution to the group's part differs between the shown choice and the exact state and who
   * count towards N (docs/privacy.md, "A response moved to another group or team"): their contribution differs from
   * the shown one by more than moves of their response between groups or teams with the same answers on the cell
   * ({@link ContributionHistory#moreThanAMove}); and, outside SELF, their contribution to the cell summed over the pooled groups
   * differs from the shown one summed the same way (a response moved between groups, by whatever path, changes
   * nothing there). Lenient where the checker cannot see what the rule published: a group out of the pool in which
   * the rater ever had a contribution makes the rater not count. A part may hold while N raters differ if some of
   * them only moved.
   */
  private int countedChanges(ContributionHistory history, int team, int moment, int cell, int[] choice,
      int group) {
    return countedRaters(history, team, moment, cell, choice, group).size();
  }

  private Set<String> countedRaters(ContributionHistory history, int team, int moment, int cell, int[] choice,
      int group) {
    Set<String> counted = new TreeSet<>();
    Map<String, Contribution> shown = byRater(history, team, cell, group, choice[group]);
    for (String rater : history.diff(team, cell, group, choice[group], history.heldAt(team, moment, cell, group))) {
      if (history.moreThanAMove(team, moment, cell, group, rater, shown.getOrDefault(rater, Contribution.NONE))
          && (group == SELF || pooledChange(history, team, moment, cell, choice, rater))) {
        counted.add(rater);
      }
    }
    return counted;
  }

  /** Whether the rater's contribution summed over the pooled groups differs between the shown choice and now. */
  private boolean pooledChange(ContributionHistory history, int team, int moment, int cell, int[] choice,
      String rater) {
    Contribution net = Contribution.NONE;
    for (int other : OTHER_GROUPS) {
      int exact = history.heldAt(team, moment, cell, other);
      Contribution now = exact == ContributionHistory.NONE ? Contribution.NONE
          : history.composition(team, cell, other, exact).byRater().getOrDefault(rater, Contribution.NONE);
      Contribution was;
      if (choice[other] != ContributionHistory.NONE) {
        was = history.composition(team, cell, other, choice[other]).byRater().getOrDefault(rater, Contribution.NONE);
      } else if (history.groupRaters(team, moment, other) < minRaters) {
        for (int at = 0; at <= moment; at++) {
          if (!history.contributionAt(team, at, cell, other, rater).equals(Contribution.NONE)) {
            return false;
          }
        }
        was = Contribution.NONE;
      } else {
        was = Contribution.NONE;
      }
      net = net.plus(now.minus(was));
    }
    return !net.equals(Contribution.NONE);
  }
}

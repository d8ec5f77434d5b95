package dev.feedback360.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedback360.producer.instrument.Instrument;
import dev.feedback360.producer.instrument.Item;
import dev.feedback360.producer.parse.ResponseRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The outsider's differencing attack on published team records, written from the JSON contract alone.
 *
 * <p>Every published cell with a mean (or with {@code n = 0}) gives exact integer totals: {@code n},
 * {@code sum = round(mean * n)}, {@code sumOfSquares = round((sd^2 * n * (n - 1) + sum^2) / n)} ({@code sum^2} when
 * {@code n = 1}). Any two records of a team and cycle are subtracted cell by cell. A difference <em>isolates</em> a
 * response when it equals, in that cell, the contribution of one real response row (a rater joining), its negation
 * (a withdrawal, or a rater leaving the pool) or new minus old of a correction of one key.
 *
 * <p>A cell-level match can be a coincidence: a difference (2, 8, 32) is what one rater answering 4 and 4 adds, but
 * also what two raters joining and one leaving may add. Each match therefore says whether the same one-row
 * explanation fits every other cell both records publish ({@link Isolation#wholeRecord()}), how the cell's rater
 * count moved, and, when it does not fit the whole record, how many rows at least explain the whole record's
 * difference ({@link Isolation#rowsBehindWholeRecord()}, searched up to 3).
 */
final class DifferencingAttack {

  static final List<String> CELLS = List.of("CHANGE.leader", "CHANGE.manager", "FOCUS.leader", "FOCUS.manager",
      "HORIZON.leader", "HORIZON.manager");
  private static final int SEARCH_LIMIT = 3;
  /** Whole-record searches per attack run: a 3-row search over a team's rows takes a few milliseconds. */
  private static final int SEARCH_BUDGET = 500;

  /** Exact totals of a cell. */
  record Totals(long n, long sum, long sumSq) {
    static final Totals ZERO = new Totals(0, 0, 0);

    Totals minus(Totals other) {
      return new Totals(n - other.n, sum - other.sum, sumSq - other.sumSq);
    }

    Totals plus(Totals other) {
      return new Totals(n + other.n, sum + other.sum, sumSq + other.sumSq);
    }

    Totals negate() {
      return new Totals(-n, -sum, -sumSq);
    }

    boolean isZero() {
      return n == 0 && sum == 0 && sumSq == 0;
    }

    @Override
    public String toString() {
      return "(" + n + "," + sum + "," + sumSq + ")";
    }
  }

  /** One published record as the attacker holds it: where it came from and its known cell totals. */
  record Published(String source, String team, int sequence, JsonNode json, Map<String, Totals> cells,
      Map<String, Integer> cellRaters) {

    static Published of(String source, int sequence, JsonNode json) {
      Map<String, Totals> cells = new LinkedHashMap<>();
      Map<String, Integer> raters = new LinkedHashMap<>();
      for (String cell : CELLS) {
        String[] parts = cell.split("\\.");
        JsonNode node = json.path("axes").path(parts[0]).path(parts[1]);
        raters.put(cell, node.path("raters").asInt());
        Totals totals = totals(node);
        if (totals != null) {
          cells.put(cell, totals);
        }
      }
      return new Published(source, json.get("cycleId").asText() + "/" + json.get("teamId").asText(), sequence,
          json, cells, raters);
    }

    /** The attacker's formulas; null when the cell hides its totals (no mean, n > 0). */
    static Totals totals(JsonNode cell) {
      long n = cell.path("n").asLong();
      JsonNode mean = cell.path("mean");
      if (mean.isNull() || mean.isMissingNode()) {
        return n == 0 ? Totals.ZERO : null;
      }
      long sum = Math.round(mean.asDouble() * n);
      if (n == 1) {
        return new Totals(1, sum, sum * sum);
      }
      double sd = cell.path("sd").asDouble();
      long sumSq = Math.round((sd * sd * n * (n - 1) + (double) sum * sum) / n);
      return new Totals(n, sum, sumSq);
    }
  }

  /** A signed combination of response rows and what it adds to each cell. */
  record Explanation(String label, List<String> rows, Map<String, Totals> contribution) {}

  /** One difference of two records that equals one response's contribution in a cell. */
  record Isolation(String source, String team, String cell, Published older, Published newer, Totals difference,
      Explanation explanation, boolean consecutive, boolean wholeRecord, int knownCellsBoth,
      int ratersDifference, String rowsBehindWholeRecord) {

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%s %s %s: %s#%d - %s#%d = %s = %s%s; cell raters %+d; %s", source, team,
          cell, newer.source(), newer.sequence(), older.source(), older.sequence(), difference, explanation.label(),
          consecutive ? " (consecutive)" : "", ratersDifference, wholeRecord
              ? "the same row explains all " + knownCellsBoth + " cells both records publish"
              : "other cells need " + rowsBehindWholeRecord + " rows");
    }
  }

  /**
   * Two records whose whole difference (every cell both publish) is what at most two response rows add or take
   * away: one row is an isolation; two are the group-churn sequence (one rater out, another in) or two raters in a
   * batch smaller than N.
   */
  record NearPair(String team, Published older, Published newer, int knownCellsBoth, String explanation) {

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%s: %s#%d - %s#%d over %d cells = %s", team, newer.source(),
          newer.sequence(), older.source(), older.sequence(), knownCellsBoth, explanation);
    }
  }

  /** What the attack found on one set of records. */
  record Result(String source, int records, int distinctStates, long pairs, long consecutivePairs,
      List<Isolation> isolations, List<NearPair> nearPairs) {

    List<Isolation> wholeRecord() {
      return isolations.stream().filter(Isolation::wholeRecord).toList();
    }

    List<Isolation> cellOnly() {
      return isolations.stream().filter(i -> !i.wholeRecord()).toList();
    }

    /** Response rows named by isolating differences that fit the whole record. */
    Set<String> isolatedResponses() {
      Set<String> rows = new TreeSet<>();
      wholeRecord().forEach(i -> rows.addAll(i.explanation().rows()));
      return rows;
    }

    Set<String> cellIsolatedResponses() {
      Set<String> rows = new TreeSet<>();
      isolations.forEach(i -> rows.addAll(i.explanation().rows()));
      return rows;
    }

    String summary() {
      return String.format(Locale.ROOT,
          "%-8s records %5d, distinct states %4d, pairs %7d (consecutive %4d); cell matches %5d (whole-record %5d, "
              + "cell only %4d, consecutive %4d); responses isolated: whole-record %3d, cell-level %3d; pairs within "
              + "2 rows %4d",
          source, records, distinctStates, pairs, consecutivePairs, isolations.size(),
          wholeRecord().size(), cellOnly().size(), isolations.stream().filter(Isolation::consecutive).count(),
          isolatedResponses().size(), cellIsolatedResponses().size(), nearPairs.size());
    }
  }

  private final Map<String, List<Explanation>> singles = new HashMap<>();
  private final Map<String, List<Explanation>> byTeamRows = new HashMap<>();
  private int searchesLeft;

  /**
   * @param rows every response row sent, in sending order (corrections are later rows of the same key)
   * @param instrument which item belongs to which axis and pole
   */
  DifferencingAttack(List<ResponseRow> rows, Instrument instrument) {
    Map<String, String> cellOfItem = new HashMap<>();
    for (Item item : instrument.items()) {
      cellOfItem.put(item.id(), item.axis().name() + "." + item.pole().name().toLowerCase(Locale.ROOT));
    }
    Map<String, List<ResponseRow>> versions = new LinkedHashMap<>();
    for (ResponseRow row : rows) {
      Map<String, Totals> contribution = contribution(row, cellOfItem);
      String team = row.cycleId() + "/" + row.teamId();
      Explanation join = new Explanation("+" + row.responseId() + " (" + row.raterGroup() + " joins)",
          List.of(row.responseId()), contribution);
      Explanation leave = new Explanation("-" + row.responseId() + " (" + row.raterGroup() + " withdrawn or left)",
          List.of(row.responseId()), negate(contribution));
      singles.computeIfAbsent(team, t -> new ArrayList<>()).addAll(List.of(join, leave));
      byTeamRows.computeIfAbsent(team, t -> new ArrayList<>()).add(join);
      versions.computeIfAbsent(row.cycleId() + "/" + row.subjectId() + "/" + row.raterId(), k -> new ArrayList<>())
          .add(row);
    }
    Map<String, Map<String, Totals>> contributions = new HashMap<>();
    rows.forEach(row -> contributions.put(row.responseId(), contribution(row, cellOfItem)));
    for (List<ResponseRow> key : versions.values()) {
      List<ResponseRow> sorted = key.stream().sorted(Comparator.comparing(ResponseRow::submittedAt)).toList();
      for (int i = 0; i < sorted.size(); i++) {
        for (int j = i + 1; j < sorted.size(); j++) {
          ResponseRow old = sorted.get(i);
          ResponseRow corrected = sorted.get(j);
          Map<String, Totals> delta = new LinkedHashMap<>();
          for (String cell : CELLS) {
            delta.put(cell, contributions.get(corrected.responseId()).get(cell)
                .minus(contributions.get(old.responseId()).get(cell)));
          }
          // A correction may move a response to another team: then it is a leave here and a join there, which
          // the singles already cover.
          if (old.teamId().equals(corrected.teamId())) {
            String team = old.cycleId() + "/" + old.teamId();
            String label = old.responseId() + " -> " + corrected.responseId() + " (correction)";
            singles.get(team).add(new Explanation(label, List.of(old.responseId(), corrected.responseId()), delta));
            singles.get(team).add(new Explanation(label + " reverted",
                List.of(old.responseId(), corrected.responseId()), negate(delta)));
          }
        }
      }
    }
  }

  /** Runs the attack on every pair of records of each team and cycle in {@code records}, in the order given. */
  Result attack(String source, List<Published> records) {
    searchesLeft = SEARCH_BUDGET;
    Map<String, List<Published>> byTeam = new LinkedHashMap<>();
    records.forEach(r -> byTeam.computeIfAbsent(r.team(), t -> new ArrayList<>()).add(r));
    List<Isolation> isolations = new ArrayList<>();
    List<NearPair> nearPairs = new ArrayList<>();
    long pairs = 0;
    long consecutivePairs = 0;
    int distinct = 0;
    for (Map.Entry<String, List<Published>> team : byTeam.entrySet()) {
      // Distinct states (by known totals), in order of first appearance, and which of them were neighbours.
      Map<Map<String, Totals>, Published> states = new LinkedHashMap<>();
      Set<List<Map<String, Totals>>> neighbours = new HashSet<>();
      Map<String, Totals> previous = null;
      for (Published record : team.getValue()) {
        states.putIfAbsent(record.cells(), record);
        if (previous != null && !previous.equals(record.cells())) {
          neighbours.add(List.of(previous, record.cells()));
          neighbours.add(List.of(record.cells(), previous));
        }
        previous = record.cells();
      }
      List<Published> list = new ArrayList<>(states.values());
      distinct += list.size();
      Map<String, Map<Totals, List<Explanation>>> index = index(singles.getOrDefault(team.getKey(), List.of()));
      for (int i = 0; i < list.size(); i++) {
        for (int j = i + 1; j < list.size(); j++) {
          Published older = list.get(i);
          Published newer = list.get(j);
          boolean consecutive = neighbours.contains(List.of(older.cells(), newer.cells()));
          pairs++;
          if (consecutive) {
            consecutivePairs++;
          }
          isolations.addAll(compare(source, team.getKey(), older, newer, consecutive, index));
          NearPair near = near(team.getKey(), older, newer);
          if (near != null) {
            nearPairs.add(near);
          }
        }
      }
    }
    return new Result(source, records.size(), distinct, pairs, consecutivePairs, isolations, nearPairs);
  }

  private List<Isolation> compare(String source, String team, Published older, Published newer,
      boolean consecutive, Map<String, Map<Totals, List<Explanation>>> index) {
    List<Isolation> found = new ArrayList<>();
    List<String> both = CELLS.stream()
        .filter(c -> older.cells().containsKey(c) && newer.cells().containsKey(c)).toList();
    Map<String, Totals> whole = new LinkedHashMap<>();
    both.forEach(c -> whole.put(c, newer.cells().get(c).minus(older.cells().get(c))));
    String rowsBehind = null;
    for (String cell : both) {
      Totals difference = whole.get(cell);
      if (difference.isZero()) {
        continue;
      }
      for (Explanation explanation : index.getOrDefault(cell, Map.of()).getOrDefault(difference, List.of())) {
        boolean fitsWholeRecord = both.stream()
            .allMatch(c -> whole.get(c).equals(explanation.contribution().get(c)));
        if (!fitsWholeRecord && rowsBehind == null) {
          rowsBehind = fewestRowsExplaining(team, whole);
        }
        found.add(new Isolation(source, team, cell, older, newer, difference, explanation, consecutive,
            fitsWholeRecord, both.size(), newer.cellRaters().get(cell) - older.cellRaters().get(cell),
            fitsWholeRecord ? "1" : rowsBehind));
      }
    }
    return found;
  }

  /** The pair as a {@link NearPair} when one or two signed rows explain every cell both publish; else null. */
  private NearPair near(String team, Published older, Published newer) {
    List<String> both = CELLS.stream()
        .filter(c -> older.cells().containsKey(c) && newer.cells().containsKey(c)).toList();
    if (both.isEmpty()) {
      return null;
    }
    long[] whole = new long[3 * both.size()];
    for (int c = 0; c < both.size(); c++) {
      Totals d = newer.cells().get(both.get(c)).minus(older.cells().get(both.get(c)));
      whole[3 * c] = d.n();
      whole[3 * c + 1] = d.sum();
      whole[3 * c + 2] = d.sumSq();
    }
    if (Arrays.stream(whole).allMatch(v -> v == 0)) {
      return null;
    }
    List<Explanation> rows = byTeamRows.getOrDefault(team, List.of());
    List<long[]> vectors = new ArrayList<>(rows.size());
    for (Explanation row : rows) {
      long[] v = new long[whole.length];
      for (int c = 0; c < both.size(); c++) {
        Totals t = row.contribution().get(both.get(c));
        v[3 * c] = t.n();
        v[3 * c + 1] = t.sum();
        v[3 * c + 2] = t.sumSq();
      }
      vectors.add(v);
    }
    for (int i = 0; i < rows.size(); i++) {
      for (int si : new int[] {1, -1}) {
        if (equalsSigned(whole, vectors.get(i), si, null, 0)) {
          return new NearPair(team, older, newer, both.size(), sign(si) + rowId(rows.get(i)));
        }
      }
    }
    for (int i = 0; i < rows.size(); i++) {
      for (int j = i + 1; j < rows.size(); j++) {
        for (int si : new int[] {1, -1}) {
          for (int sj : new int[] {1, -1}) {
            if (equalsSigned(whole, vectors.get(i), si, vectors.get(j), sj)) {
              return new NearPair(team, older, newer, both.size(),
                  sign(si) + rowId(rows.get(i)) + " " + sign(sj) + rowId(rows.get(j)));
            }
          }
        }
      }
    }
    return null;
  }

  private static boolean equalsSigned(long[] whole, long[] a, int sa, long[] b, int sb) {
    for (int k = 0; k < whole.length; k++) {
      if (whole[k] != sa * a[k] + (b == null ? 0 : sb * b[k])) {
        return false;
      }
    }
    return true;
  }

  private static String sign(int s) {
    return s > 0 ? "+" : "-";
  }

  private static String rowId(Explanation row) {
    return row.rows().get(0);
  }

  /**
   * The fewest response rows (each joining or leaving) whose contributions add up to the whole-record difference,
   * searched up to {@value #SEARCH_LIMIT}; "&gt;3" when none that small does. Corrections count as two rows here.
   */
  private String fewestRowsExplaining(String team, Map<String, Totals> whole) {
    if (searchesLeft-- <= 0) {
      return "? (not searched)";
    }
    List<Explanation> rows = byTeamRows.getOrDefault(team, List.of());
    for (int size = 1; size <= SEARCH_LIMIT; size++) {
      if (search(rows, whole, size, 0)) {
        return Integer.toString(size);
      }
    }
    return ">" + SEARCH_LIMIT;
  }

  private static boolean search(List<Explanation> rows, Map<String, Totals> remaining, int size, int from) {
    if (size == 0) {
      return remaining.values().stream().allMatch(Totals::isZero);
    }
    for (int i = from; i < rows.size(); i++) {
      Map<String, Totals> contribution = rows.get(i).contribution();
      for (int sign : new int[] {1, -1}) {
        Map<String, Totals> next = new HashMap<>();
        remaining.forEach((cell, totals) -> next.put(cell,
            sign > 0 ? totals.minus(contribution.get(cell)) : totals.plus(contribution.get(cell))));
        if (search(rows, next, size - 1, i + 1)) {
          return true;
        }
      }
    }
    return false;
  }

  private static Map<String, Map<Totals, List<Explanation>>> index(Collection<Explanation> explanations) {
    Map<String, Map<Totals, List<Explanation>>> index = new HashMap<>();
    for (Explanation explanation : explanations) {
      explanation.contribution().forEach((cell, totals) -> {
        if (!totals.isZero()) {
          index.computeIfAbsent(cell, c -> new HashMap<>()).computeIfAbsent(totals, t -> new ArrayList<>())
              .add(explanation);
        }
      });
    }
    return index;
  }

  /** Per cell: answered items of the pole, their sum and sum of squares. */
  static Map<String, Totals> contribution(ResponseRow row, Map<String, String> cellOfItem) {
    Map<String, Totals> totals = new LinkedHashMap<>();
    CELLS.forEach(c -> totals.put(c, Totals.ZERO));
    row.scores().forEach((item, text) -> {
      String cell = cellOfItem.get(item);
      if (cell != null && text.matches("[1-5]")) {
        long score = Long.parseLong(text);
        totals.put(cell, totals.get(cell).plus(new Totals(1, score, score * score)));
      }
    });
    return totals;
  }

  private static Map<String, Totals> negate(Map<String, Totals> contribution) {
    Map<String, Totals> negated = new LinkedHashMap<>();
    contribution.forEach((cell, totals) -> negated.put(cell, totals.negate()));
    return negated;
  }

  /** The union of several sources' records, for cross-source pairs. */
  static List<Published> union(Collection<List<Published>> sources) {
    Set<Published> all = new LinkedHashSet<>();
    sources.forEach(all::addAll);
    return List.copyOf(all);
  }
}

package dev.feedback360.streams.privacy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/** What the checker saw over a suite: counts, failures by kind with a few printed examples each. */
final class CheckReport {

  static final String UNEXPLAINED = "unexplained published value";
  static final String RULE = "part shown out of the pool or with fewer than N raters";
  /**
   * Counts only (n, raters of a cell without mean): not the published parts of the groups in the pool (any part,
   * also one of fewer than N raters or published while the group was out of the pool), or a mean held back although
   * the cell has k raters and every shown part N. No value leaks through counts; the rule still says what they are.
   */
  static final String SUPPRESSED_COUNTS = "n and raters of a cell without mean not those of the parts the rule shows";
  /** Every reading (explanation) of the two records differs by fewer than N raters: a definite failure. */
  static final String SMALL_PAIR = "two records of a team differ by fewer than N raters";
  static final String LIVENESS = "final record neither exact nor fewer than N changes away";
  static final String PENDING = "pendingRaters zero while changes are pending, or positive while none are";
  static final String COUNTS = "team-level rater counts differ from the live counts";
  static final String STRUCTURE = "record structure (tombstone, thresholds, derived values, JSON mirror)";
  private static final int EXAMPLES = 2;

  private final Map<String, Integer> failures = new TreeMap<>();
  private final Map<String, List<String>> examples = new TreeMap<>();
  long sequences;
  long inputRecords;
  long records;
  long explainedCells;
  long unexplainedNullCells;
  long ambiguousExplanations;
  long recordPairs;
  /**
   * Records next to each other read, on some slots or mix, as further apart: there the later one shows the parts an
   * earlier record showed.
   */
  long consecutiveRepeatingEarlier;
  long cellPairs;
  long differingCellPairs;
  /** Every reading of the pair reaches N only with raters that reverted in between. */
  long revertResidualPairs;
  /** ... of which some reading stays under N even with the reverts (none reaches N without them). */
  long revertResidualPairsWithSmallReading;
  /**
   * Every reading differs by fewer than N raters, but only because responses that moved between groups (relabels)
   * cancel out between a group shown in one record and another shown in the other (a group entered or left the
   * pool in between): docs/privacy.md, "What remains". Counted, one example kept, not a failure.
   */
  long moveResidualPairs;
  String moveResidualExample;
  /**
   * At least N raters differ, but the changes of all but fewer than N of them add up to zero, so the difference the
   * attacker computes is the sum of those few raters' changes: consecutive records (one batch), and records further
   * apart (changes of several batches cancelling, as reverts do). One example of each kept.
   */
  long cancelResidualConsecutive;
  long cancelResidualApart;
  /**
   * Pairs whose pooled groups differ (a group entered or left the pool between them) where fewer than N raters'
   * changes make the whole change in the sum or the squares alone, but not with the count: whole compositions that
   * coincide in one total. Counted, not failures (docs/privacy.md, "What remains"): consecutive and further apart.
   */
  long countFreeAcrossPoolConsecutive;
  long countFreeAcrossPoolApart;
  /**
   * Pairs of records at least N raters apart whose difference, read about a score c ({@code sum - c n}, {@code
   * squares - c^2 n}), is what fewer than N raters changed: the others only added or took away scores of c in a cell
   * they had scored (docs/privacy.md, "Scores of one value added or taken away count nowhere"). Consecutive and
   * further apart, one example of each kept.
   */
  long aboutAScoreConsecutive;
  long aboutAScoreApart;
  String aboutAScoreConsecutiveExample;
  String aboutAScoreApartExample;
  /**
   * Cells (and axes' selfBalances) of a team whose records, in some integer combination, are what fewer than N raters
   * contributed, each contribution read as an unknown ({@link RecordCombinations}): where one record or two already
   * are (judged value by value by the pairs), and where only three or more records are. One example of the second
   * kind kept.
   */
  long combinationCells;
  long combinationsOfTwo;
  long combinationsOfMore;
  long combinationRecordsAmbiguous;
  String combinationsOfMoreExample;
  /**
   * Pairs of batches (changes between two records next to each other on a cell) whose difference, or sum, is what
   * fewer than N raters changed, each batch N or more: raters who repeated (or undid) a change vanish from it.
   */
  long batchDifferences;
  String batchDifferencesExample;
  /** Of those, through combinations of selfBalances. */
  long combinationsOfSelfBalances;
  /** Cells (and axes) no team's records single out fewer than N raters on, and the records of every team do. */
  long combinationsAcrossTeams;
  String combinationsAcrossTeamsExample;
  /** Pairs of records both showing selfBalance of an axis, checked as the attacker reads them (leader less manager). */
  long selfBalancePairs;
  /** Of those, pairs some of whose readings differ by fewer than N self-raters' gaps and others not. */
  long selfBalanceAmbiguous;
  /**
   * Pairs of records read through a mix of means (selfBalance, two axes' of them, gap) weighted by its slots' counts,
   * where those differ and scale alike between the two records: counted in {@link #mixPairs} or {@link
   * #mixPairsApart} too.
   */
  long meanMixPairs;
  /** Consecutive records read through a mix of several values (two cells summed, a leader less a manager, ...). */
  long mixPairs;
  long mixPairsApart;
  /**
   * Of {@link #mixPairsApart}, the pairs across a group entering or leaving the pool where fewer than N raters' changes
   * make the whole change in the mix, the others' cancelling. Counted, not failures (docs/privacy.md, "What remains").
   */
  long mixAcrossPoolApart;
  /**
   * Pairs of records further apart, across SELF or a pooled group leaving the records, read through selfBalance plus
   * or less balance with the terms of each sign as one cell, their counts added (PublicationChecker#readMixBySign).
   */
  long selfMixBySignApart;
  /** Of {@link #selfMixBySignApart}, those where fewer than N raters make the whole change, the others cancelling. */
  long selfMixBySignUnderN;
  String selfMixBySignExample;
  /** Of {@link #cancelResidualApart}, the pairs where the others cancel in count, sum and squares all at once. */
  long cancelResidualApartInEveryReading;
  String cancelConsecutiveExample;
  String cancelApartExample;
  /**
   * Some readings differ by fewer than N raters (with or without reverts), others are fine: the bad readings exist
   * only because compositions coincide in their totals. Counted, one example kept, not a failure.
   */
  long ambiguousPairs;
  long ambiguousPairsWithSmallReading;
  String ambiguousExample;
  long livenessCells;
  long livenessSkippedNullMean;
  long coincidences;
  long selfPairsSkippedAmbiguous;
  long pendingExact;
  long pendingInexact;
  long pendingChecked;
  long pendingUndetermined;

  void fail(String kind, String message) {
    fail(kind, () -> message);
  }

  /** A failure whose (long) description is only built for the first few of its kind. */
  void fail(String kind, Supplier<String> message) {
    failures.merge(kind, 1, Integer::sum);
    List<String> list = examples.computeIfAbsent(kind, any -> new ArrayList<>());
    if (list.size() < EXAMPLES) {
      list.add(message.get());
    }
  }

  void ambiguous(boolean smallReading, Supplier<String> example) {
    ambiguousPairs++;
    if (smallReading) {
      ambiguousPairsWithSmallReading++;
    }
    if (ambiguousExample == null) {
      ambiguousExample = example.get();
    }
  }

  List<String> examples(String kind) {
    return examples.getOrDefault(kind, List.of());
  }

  int failures() {
    return failures.values().stream().mapToInt(Integer::intValue).sum();
  }

  int failures(String kind) {
    return failures.getOrDefault(kind, 0);
  }

  /**
   * A pair of records whose difference is what fewer than N raters changed, the others' changes cancelling: in the
   * count and sum or in the count and squares ({@link Contribution#readsAsNothing}), and {@code inEveryReading} when
   * in all three at once.
   */
  void countFreeAcrossPool(boolean consecutive) {
    if (consecutive) {
      countFreeAcrossPoolConsecutive++;
    } else {
      countFreeAcrossPoolApart++;
    }
  }

  void cancelResidual(boolean consecutive, boolean inEveryReading, Supplier<String> example) {
    if (inEveryReading && !consecutive) {
      cancelResidualApartInEveryReading++;
    }
    if (consecutive) {
      cancelResidualConsecutive++;
      cancelConsecutiveExample = firstExample(cancelConsecutiveExample, example);
    } else {
      cancelResidualApart++;
      cancelApartExample = firstExample(cancelApartExample, example);
    }
  }

  void aboutAScore(boolean consecutive, Supplier<String> example) {
    if (consecutive) {
      aboutAScoreConsecutive++;
      aboutAScoreConsecutiveExample = firstExample(aboutAScoreConsecutiveExample, example);
    } else {
      aboutAScoreApart++;
      aboutAScoreApartExample = firstExample(aboutAScoreApartExample, example);
    }
  }

  void combination(boolean ofTwo, Supplier<String> example) {
    if (ofTwo) {
      combinationsOfTwo++;
    } else {
      combinationsOfMore++;
      combinationsOfMoreExample = firstExample(combinationsOfMoreExample, example);
    }
  }

  void batchDifference(Supplier<String> example) {
    batchDifferences++;
    batchDifferencesExample = firstExample(batchDifferencesExample, example);
  }

  void combinationAcrossTeams(Supplier<String> example) {
    combinationsAcrossTeams++;
    combinationsAcrossTeamsExample = firstExample(combinationsAcrossTeamsExample, example);
  }

  /** The example kept, or the first one (built only then). */
  private static String firstExample(String kept, Supplier<String> example) {
    return kept != null ? kept : example.get();
  }

  String summary(String title) {
    StringBuilder out = new StringBuilder();
    out.append("== ").append(title).append(" ==\n");
    out.append(String.format("sequences %d, input records %d, published records %d%n", sequences, inputRecords,
        records));
    out.append(
        String.format("explained cell values %d (ambiguous %d, %.4f%%), cells without mean (counts checked only) %d%n",
            explainedCells, ambiguousExplanations, percent(ambiguousExplanations, explainedCells),
            unexplainedNullCells));
    out.append(String.format("record pairs %d, cell pairs %d, differing cell pairs %d%n", recordPairs, cellPairs,
        differingCellPairs));
    out.append(String.format("consecutive records judged as further apart on some cells or mixes (there the later "
        + "shows the parts of a record before both) %d%n", consecutiveRepeatingEarlier));
    out.append(String.format("equal published values read as different compositions (coincidences) %d%n",
        coincidences));
    out.append(String.format("revert-residual cell pairs %d (%.4f%% of differing cell pairs; %d of them also have a "
        + "reading under N even with the reverts)%n", revertResidualPairs,
        percent(revertResidualPairs, differingCellPairs), revertResidualPairsWithSmallReading));
    out.append(String.format("move-residual cell pairs (under N only where moved responses cancel across a group "
        + "entering or leaving the pool) %d (%.4f%% of differing cell pairs)%n", moveResidualPairs,
        percent(moveResidualPairs, differingCellPairs)));
    if (moveResidualExample != null) {
      out.append("  example: ").append(moveResidualExample.replace("\n", "\n    ")).append('\n');
    }
    out.append(String.format("cancel-residual cell pairs (N raters differ, all but fewer than N of them cancel in the "
        + "sum or the squares, with the count across a group entering or leaving the pool): consecutive records %d, "
        + "records further apart %d (%.4f%% of differing cell pairs; %d of them cancelling in count, sum and squares "
        + "at once)%n", cancelResidualConsecutive, cancelResidualApart,
        percent(cancelResidualConsecutive + cancelResidualApart, differingCellPairs),
        cancelResidualApartInEveryReading));
    out.append(String.format("cell pairs that differ by fewer than N raters read about a score (the others adding or "
        + "taking away scores of that value in a cell they had scored): consecutive records %d, further apart %d%n",
        aboutAScoreConsecutive, aboutAScoreApart));
    for (String example : Arrays.asList(aboutAScoreConsecutiveExample, aboutAScoreApartExample)) {
      if (example != null) {
        out.append("  example: ").append(example.replace("\n", "\n    ")).append('\n');
      }
    }
    out.append(String.format("combinations of any records, contributions read as unknowns: cells and selfBalances %d,"
        + " singling out fewer than N raters through one or two records %d, only through three or more %d (through "
        + "selfBalances %d; records read more than one way, or split otherwise between a rater's forms, left out %d); "
        + "only through records of several teams %d%n", combinationCells, combinationsOfTwo, combinationsOfMore,
        combinationsOfSelfBalances, combinationRecordsAmbiguous, combinationsAcrossTeams));
    out.append(String.format("pairs of batches whose difference (or sum, two apart or more) is what fewer than N "
        + "raters changed, by value (the others repeating or undoing a change) %d%n", batchDifferences));
    for (String example : Arrays.asList(combinationsOfMoreExample, combinationsAcrossTeamsExample,
        batchDifferencesExample)) {
      if (example != null) {
        out.append("  example: ").append(example.replace("\n", "\n    ")).append('\n');
      }
    }
    out.append(String.format("across a group entering or leaving the pool, pairs cancelling to fewer than N raters in "
        + "the sum or the squares alone, not with the count (whole compositions coinciding): consecutive %d, further "
        + "apart %d%n", countFreeAcrossPoolConsecutive, countFreeAcrossPoolApart));
    out.append(String.format("selfBalance pairs (leader sum less manager sum, per self-rater) %d, ambiguous %d%n",
        selfBalancePairs, selfBalanceAmbiguous));
    out.append(String.format("records read through a mix of values (two cells summed or subtracted, the overall "
        + "sums, selfBalance mixes): consecutive %d, further apart %d (across a group entering or leaving the pool, "
        + "%d of them cancelling to fewer than N raters; %d readings of mixes of means weighted by their counts)%n",
        mixPairs, mixPairsApart, mixAcrossPoolApart, meanMixPairs));
    out.append(String.format("selfBalance plus or less balance, the terms of each sign as one cell, across SELF or a "
        + "group leaving the records: %d pairs further apart, %d of them cancelling to fewer than N raters%n",
        selfMixBySignApart, selfMixBySignUnderN));
    if (selfMixBySignExample != null) {
      out.append("  example: ").append(selfMixBySignExample).append('\n');
    }
    for (String example : Arrays.asList(cancelConsecutiveExample, cancelApartExample)) {
      if (example != null) {
        out.append("  example: ").append(example.replace("\n", "\n    ")).append('\n');
      }
    }
    out.append(String.format("ambiguous cell pairs (some readings under N, others not; not failures) %d "
        + "(%.4f%% of differing cell pairs; %d with a reading under N even with reverts)%n", ambiguousPairs,
        percent(ambiguousPairs, differingCellPairs), ambiguousPairsWithSmallReading));
    if (ambiguousExample != null) {
      out.append("  example: ").append(ambiguousExample.replace("\n", "\n    ")).append('\n');
    }
    out.append(String.format("liveness: final cells with a mean judged %d, final cells without mean (counts only) "
        + "%d%n", livenessCells, livenessSkippedNullMean));
    out.append(String.format("pendingRaters checked %d (equal to the model's count %d, other positive %d), "
        + "undetermined %d%n", pendingChecked, pendingExact, pendingInexact, pendingUndetermined));
    out.append("failures ").append(failures()).append('\n');
    failures.forEach((kind, count) -> {
      out.append("  ").append(count).append(" x ").append(kind).append('\n');
      for (String example : examples.get(kind)) {
        out.append("    ").append(example.replace("\n", "\n    ")).append('\n');
      }
    });
    return out.toString();
  }

  private static double percent(long part, long whole) {
    return whole == 0 ? 0 : 100.0 * part / whole;
  }
}

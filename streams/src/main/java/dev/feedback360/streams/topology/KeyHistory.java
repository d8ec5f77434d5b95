package dev.feedback360.streams.topology;

import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.internal.CountedSummary;
import dev.feedback360.avro.internal.ResponseState;
import dev.feedback360.streams.scoring.LongSet;
import dev.feedback360.streams.scoring.TeamAggregate;
import dev.feedback360.streams.scoring.Totals;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * What one ResponseKey keeps of the responses its corrections replaced, and the cells of a correction that this
 * history says count towards N nowhere (pure; no Kafka; docs/privacy.md): its earlier cells' fingerprints
 * ({@link #earlierCells}) and earlier forms ({@link #earlierForms}), kept in its state until a withdrawal; a correction
 * back to what the key held ({@link #revertedCells}: a revert), one moving answers between cells
 * ({@link #mixedBackCells}), one adding or taking away scores of one value ({@link #oneScoreValueFromAForm}), a
 * correction of a key erased once ({@link #erasedKeyCells}), and one made while the response was held
 * ({@link #heldFixedCells}). {@link RosterRule} keeps the history in the key's state and marks those cells in the
 * changes it sends its teams.
 */
public final class KeyHistory {

  /** The most cell fingerprints a key keeps of its earlier responses ({@link #earlierCells}); the oldest go first. */
  public static final int EARLIER_CELLS = 48;
  /**
   * The most earlier forms a key keeps ({@link #earlierForms}); once it keeps them all, its corrections count nowhere
   * on the cells they change.
   */
  public static final int EARLIER_FORMS = 8;
  /** One earlier form: its rater group's ordinal, then its contribution cells. */
  private static final int FORM_LENGTH = 1 + TeamAggregate.CONTRIBUTION_LENGTH;

  private KeyHistory() {}

  /**
   * The key's {@link #earlierForms(List, RaterGroup, List, RaterGroup, List) earlier forms} once {@code counted}
   * replaces what {@code previous} counted, kept as its {@link #earlierCells(ResponseState, CountedSummary) earlier
   * cells} are, and a response replaced while held (strict roster) joins them too: the one that enters the scores
   * must be told from a first form when a correction made while it waited fixed a cell ({@link #heldFixedCells},
   * fifty-fourth and fifty-fifth reviews).
   */
  static List<Long> earlierForms(ResponseState previous, CountedSummary counted) {
    return afterReplacement(previous, counted, ResponseState::getEarlierForms, KeyHistory::earlierForms, true);
  }

  /** How a key's history of replaced responses grows when one scored response replaces another. */
  @FunctionalInterface
  private interface Replacement {
    List<Long> after(List<Long> earlier, RaterGroup beforeGroup, List<Long> beforeCells, RaterGroup afterGroup,
        List<Long> afterCells);
  }

  /**
   * A history of the key's replaced responses ({@code kept} of the state) once {@code counted} replaces what {@code
   * previous} counted: none when nothing is counted (a withdrawal erases it with the response); grown by {@code
   * replacement} when a scored response (or, with {@code held}, a held one too) stops being counted as it was; else
   * as it was.
   */
  private static List<Long> afterReplacement(ResponseState previous, CountedSummary counted,
      Function<ResponseState, List<Long>> kept, Replacement replacement, boolean held) {
    if (counted == null || previous == null) {
      return List.of();
    }
    List<Long> earlier = kept.apply(previous);
    CountedSummary before = ResponseStates.counted(previous);
    if (before == null || previous.getHeld() && !held || before.equals(counted)) {
      return earlier;
    }
    return replacement.after(earlier, before.getRaterGroup(), before.getCells(), counted.getRaterGroup(),
        counted.getCells());
  }

  /**
   * The responses a key's corrections replaced, after a scored response (group and {@link
   * TeamAggregate#contributionCells cells}) is replaced by another: the one replaced joins them, as its group's
   * ordinal and its cells ({@value #FORM_LENGTH} longs; zeros for a response without scores, which a record may have
   * shown: forty-ninth review), newest last, unless the new one is the same, it is among them already, or they are
   * {@value #EARLIER_FORMS} already: then they stay as they are, and every later
   * correction of the key counts nowhere on the cells it changes ({@link #revertedCells}), since a form it forgot
   * could no longer be told from a real change. {@link #mixedBackCells} reads them. Returns {@code earlier} itself
   * when nothing joins.
   */
  public static List<Long> earlierForms(List<Long> earlier, RaterGroup beforeGroup, List<Long> beforeCells,
      RaterGroup afterGroup, List<Long> afterCells) {
    if (beforeGroup == afterGroup && beforeCells.equals(afterCells)) {
      return earlier;
    }
    List<Long> replaced = beforeCells.size() == TeamAggregate.CONTRIBUTION_LENGTH ? beforeCells : NO_CELLS;
    for (int at = 0; at + FORM_LENGTH <= earlier.size(); at += FORM_LENGTH) {
      if (earlier.get(at) == beforeGroup.ordinal() && earlier.subList(at + 1, at + FORM_LENGTH).equals(replaced)) {
        return earlier;
      }
    }
    if (formsFull(earlier)) {
      return earlier;
    }
    List<Long> result = new ArrayList<>(earlier.size() + FORM_LENGTH);
    result.addAll(earlier);
    result.add((long) beforeGroup.ordinal());
    result.addAll(replaced);
    return result;
  }

  /**
   * Whether a key keeps as many earlier forms as it may ({@value #EARLIER_FORMS}): its corrections replace forms it
   * can no longer keep, so each counts nowhere on the cells it changes.
   */
  public static boolean formsFull(List<Long> forms) {
    return forms.size() >= EARLIER_FORMS * FORM_LENGTH;
  }

  /**
   * The cells a correction within a team changed on which the key, as records may show it, can read as it was
   * through a signed sum of cells. A record shows each of the rater's cells as it was when that cell's part was last
   * published, so a reader may see any of a cell's versions beside any of another's. The versions of a cell are what
   * the key's earlier forms ({@code forms}, {@link #earlierForms}: the one replaced included) held there, and for a
   * changed cell its new value too. A changed cell counts nowhere when its change from one of its versions, with some
   * difference between two versions of each other cell (or none), adds up to nothing in their sum or their sum of
   * squares, with or without the number of scores (a reader may ignore the counts). Found by the seventeenth to
   * nineteenth reviews: answers swapped between two cells, at once, split over two corrections, or split with another
   * edit of the first cell in the second correction (the records then showed the first cell's middle version beside
   * the second's last), each in a cycle or beside a victim's first answer, left the victim's answers between two
   * records through the overall leader sums. Like a revert, it counts again at the rater's next change of those cells
   * that reads as new. Forms of SELF and of the pooled groups are not compared with each other (no record mixes
   * them).
   */
  public static int mixedBackCells(List<Long> forms, RaterGroup beforeGroup, List<Long> beforeCells,
      RaterGroup afterGroup, List<Long> afterCells) {
    if (afterCells.size() != TeamAggregate.CONTRIBUTION_LENGTH || forms.isEmpty()) {
      return 0;
    }
    int cellCount = TeamAggregate.CONTRIBUTION_LENGTH / 3;
    boolean self = afterGroup == RaterGroup.SELF;
    List<List<long[]>> versions = new ArrayList<>(cellCount);
    for (int cell = 0; cell < cellCount; cell++) {
      versions.add(new ArrayList<>(4));
    }
    boolean any = false;
    long[] latestCounts = new long[cellCount];
    for (int at = 0; at + FORM_LENGTH <= forms.size(); at += FORM_LENGTH) {
      if ((forms.get(at) == RaterGroup.SELF.ordinal()) == self) {
        any = true;
        for (int cell = 0; cell < cellCount; cell++) {
          int from = at + 1 + cell * 3;
          addVersion(versions.get(cell), forms.get(from), forms.get(from + 1), forms.get(from + 2));
          latestCounts[cell] = forms.get(from) > 0 ? forms.get(from) : latestCounts[cell];
        }
      }
    }
    if (!any) {
      return 0;
    }
    int changed = changedCells(beforeGroup, beforeCells, afterGroup, afterCells);
    // Where no cell's count differs between its versions, the readings without counts are those with them.
    int readings = countsDiffer(versions, afterCells, changed) ? READINGS : 2;
    // Records show means (balance, selfBalance): read as means too where the form's cells hold different numbers of
    // scores.
    long[] scales = meanScales(latestCounts, afterCells);
    int marked = 0;
    Sets sets = SETS.get();
    for (int reading = 1; reading <= MEANS; reading++) {
      if (reading > readings && reading < MEANS || reading == MEANS && scales == null) {
        continue;
      }
      List<LongSet> differences = sets.differences;
      for (int cell = 0; cell < cellCount; cell++) {
        differences(versions.get(cell), afterCells, (changed & 1 << cell) != 0, cell, reading, scale(scales, cell),
            differences.get(cell), sets.after);
      }
      for (int cell = 0; cell < cellCount; cell++) {
        if ((changed & ~marked & 1 << cell) != 0
            && readsAsBefore(versions.get(cell), differences, afterCells, cell, reading, scale(scales, cell), sets)) {
          marked |= 1 << cell;
        }
      }
    }
    return marked;
  }

  /**
   * The reading of a key's cells as means ({@link #mixedBackCells}): a record shows {@code balance} and {@code
   * selfBalance}, a leader mean less a manager mean, so a reader who knows the counts weighs each cell's sum by one
   * over its count. Where every form of the group has the same shape, the team's counts are the form's times the
   * number of raters, and a rater whose means moved alike on a leader and a manager cell (every answer raised by one
   * on a form with two leader items and one manager item) changed the balance by nothing, though the sums' difference
   * moved. Per cell, the least common multiple of the form's counts over the cell's count (the new form's, or the
   * latest earlier form's that scored it, {@code latestCounts}), so that scaled sums compare as means; null where every
   * scored cell holds as many scores (the means reading is then the sums'). Forty-second stop: two self-raters'
   * raises, split over a leader batch and a manager batch, cancelled in {@code selfBalance} between records two
   * batches apart, and left a victim's leader change beside the attacker's own manager change.
   */
  private static long[] meanScales(long[] latestCounts, List<Long> afterCells) {
    int cellCount = latestCounts.length;
    long[] counts = new long[cellCount];
    long multiple = 1;
    long first = 0;
    boolean differ = false;
    for (int cell = 0; cell < cellCount; cell++) {
      long n = afterCells.get(cell * 3) > 0 ? afterCells.get(cell * 3) : latestCounts[cell];
      counts[cell] = n;
      if (n > 0 && multiple <= MAX_MEAN_MULTIPLE) {
        differ |= first != 0 && n != first;
        first = first == 0 ? n : first;
        multiple = multiple / gcd(multiple, n) * n;
      }
    }
    if (!differ || multiple > MAX_MEAN_MULTIPLE) {
      return null;
    }
    long[] scales = new long[cellCount];
    for (int cell = 0; cell < cellCount; cell++) {
      scales[cell] = counts[cell] == 0 ? multiple : multiple / counts[cell];
    }
    return scales;
  }

  /**
   * The largest common multiple of a form's counts that {@link #meanScales} scales by (every count up to 16 has its
   * multiple below it): a scaled sum stays well within the 31 bits {@link #pack} gives it.
   */
  private static final long MAX_MEAN_MULTIPLE = 1L << 20;

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  private static long scale(long[] scales, int cell) {
    return scales == null ? 1 : scales[cell];
  }

  /**
   * The cells a replacement changes: scored on either side, and not the same in the same group. A response with no
   * score has empty cells.
   */
  private static int changedCells(RaterGroup beforeGroup, List<Long> beforeCells, RaterGroup afterGroup,
      List<Long> afterCells) {
    boolean scoredBefore = beforeCells.size() == TeamAggregate.CONTRIBUTION_LENGTH;
    boolean scoredAfter = afterCells.size() == TeamAggregate.CONTRIBUTION_LENGTH;
    int changed = 0;
    for (int cell = 0; cell < TeamAggregate.CONTRIBUTION_LENGTH / 3; cell++) {
      if ((scoredBefore && beforeCells.get(cell * 3) != 0 || scoredAfter && afterCells.get(cell * 3) != 0)
          && (beforeGroup != afterGroup || !sameCell(beforeCells, afterCells, cell * 3))) {
        changed |= 1 << cell;
      }
    }
    return changed;
  }

  /** Whether some cell's versions (a changed cell's new value among them) differ in their number of scores. */
  private static boolean countsDiffer(List<List<long[]>> versions, List<Long> afterCells, int changed) {
    for (int cell = 0; cell < versions.size(); cell++) {
      List<long[]> values = versions.get(cell);
      long n = (changed & 1 << cell) != 0 ? afterCells.get(cell * 3) : values.isEmpty() ? 0 : values.get(0)[0];
      for (int i = 0; i < values.size(); i++) {
        if (values.get(i)[0] != n) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The readings {@link #mixedBackCells} compares cells in: 1 the count and the sum, 2 the count and the squares, 3
   * the sum alone, 4 the squares alone (a reader who ignores the counts: twenty-second review); and {@link #MEANS}.
   */
  private static final int READINGS = 4;

  /** The reading of a key's cells as means: the count and the sum scaled by {@link #meanScales}. */
  private static final int MEANS = READINGS + 1;

  /**
   * What a reading compares of a cell's (count, sum, squares): the count (or 0 when it ignores it) and one total,
   * the sum times {@code scale} in the {@link #MEANS} reading.
   */
  private static long read(long n, long sum, long squares, int reading, long scale) {
    return reading == MEANS ? pack(n, sum * scale) : pack(reading <= 2 ? n : 0, reading % 2 == 1 ? sum : squares);
  }

  /**
   * The sets {@link #mixedBackCells} builds, one group per thread and reused, emptied before each use: a correction's
   * check builds some forty of them, and allocating them each time was most of what the fast replay's key side
   * allocated. A check runs inside no other.
   */
  static final class Sets {
    /** Per cell, its {@link #differences}. */
    final List<LongSet> differences = new ArrayList<>();
    /** A cell's value after the correction, while {@link #differences} reads it. */
    final long[] after = new long[3];
    /** The sums {@link #readsAsBefore} builds, two in turn. */
    LongSet sums = new LongSet(64);
    LongSet next = new LongSet(64);
    /** The sums of {@link #readsAsBefore}'s other half of the cells, two in turn. */
    LongSet otherSums = new LongSet(64);
    LongSet otherNext = new LongSet(64);

    Sets() {
      for (int cell = 0; cell < TeamAggregate.CONTRIBUTION_LENGTH / 3; cell++) {
        differences.add(new LongSet(16));
      }
    }
  }

  private static final ThreadLocal<Sets> SETS = ThreadLocal.withInitial(Sets::new);

  /**
   * Fills {@code differences} (emptied first) with the differences, in the {@link #READINGS reading}, between two
   * versions of a cell, its new value among them when the correction changed it ({@code after} holds it, as scratch).
   */
  private static void differences(List<long[]> versions, List<Long> afterCells, boolean changed, int cell,
      int reading, long scale, LongSet differences, long[] after) {
    int size = versions.size();
    if (changed) {
      after[0] = afterCells.get(cell * 3);
      after[1] = afterCells.get(cell * 3 + 1);
      after[2] = afterCells.get(cell * 3 + 2);
    }
    int count = changed ? size + 1 : size;
    differences.clear();
    for (int i = 0; i < count; i++) {
      long[] x = i < size ? versions.get(i) : after;
      for (int j = 0; j < count; j++) {
        long[] y = j < size ? versions.get(j) : after;
        if (x != y) {
          differences.add(read(x[0] - y[0], x[1] - y[1], x[2] - y[2], reading, scale));
        }
      }
    }
  }

  /** The most sums {@link #readsAsBefore} keeps; beyond, it answers yes (the cell counts nowhere: never less safe). */
  private static final int MIX_SUMS_LIMIT = 1 << 12;

  private static void addVersion(List<long[]> versions, long n, long sum, long squares) {
    for (int i = 0; i < versions.size(); i++) {
      long[] version = versions.get(i);
      if (version[0] == n && version[1] == sum && version[2] == squares) {
        return;
      }
    }
    versions.add(new long[] {n, sum, squares});
  }

  /**
   * Whether the changed cell's new value less one of its versions, plus one of the {@code differences} of each other
   * cell or nothing, is nothing in the {@link #READINGS reading}. Where the sums could not pass {@link
   * #MIX_SUMS_LIMIT} (the product of the other cells' choices is within it, as for nearly every correction), the other
   * cells are split in two halves and a value of one half's sums is looked up in the other's: the same answer as
   * listing every sum of all of them ({@link #readsAsBeforeListing}), for a fraction of the additions.
   */
  static boolean readsAsBefore(List<long[]> versions, List<LongSet> differences, List<Long> afterCells,
      int cell, int reading, long scale, Sets sets) {
    long choices = 1;
    long firstHalf = 1;
    int firstCells = 0;
    for (int other = 0; other < differences.size() && choices <= MIX_SUMS_LIMIT; other++) {
      int size = differences.get(other).size();
      if (other != cell && size > 0) {
        choices *= size + 1;
        if (firstHalf * firstHalf < choices) {
          firstHalf *= size + 1;
          firstCells |= 1 << other;
        }
      }
    }
    if (choices > MIX_SUMS_LIMIT) {
      return readsAsBeforeListing(versions, differences, afterCells, cell, reading, scale, sets);
    }
    LongSet first = sums(differences, firstCells, sets.sums, sets.next, Integer.MAX_VALUE);
    LongSet second = sums(differences, ~firstCells & ~(1 << cell), sets.otherSums, sets.otherNext,
        Integer.MAX_VALUE);
    long n = afterCells.get(cell * 3);
    long sum = afterCells.get(cell * 3 + 1);
    long squares = afterCells.get(cell * 3 + 2);
    for (int i = 0; i < versions.size(); i++) {
      long[] version = versions.get(i);
      long target = read(version[0] - n, version[1] - sum, version[2] - squares, reading, scale);
      for (int place = 0; place < first.size(); place++) {
        if (second.contains(target - first.get(place))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Every sum of one of the {@code differences} or nothing of each of the {@code cells} (bits), built in {@code a} and
   * {@code b} in turn; returns the one holding them, or null as soon as there are more than {@code limit}.
   */
  private static LongSet sums(List<LongSet> differences, int cells, LongSet a, LongSet b, int limit) {
    LongSet sums = a;
    sums.clear();
    sums.add(0L);
    for (int other = 0; other < differences.size(); other++) {
      LongSet otherDifferences = differences.get(other);
      if ((cells & 1 << other) == 0 || otherDifferences.size() == 0) {
        continue;
      }
      LongSet next = sums == a ? b : a;
      next.clear();
      for (int place = 0; place < sums.size(); place++) {
        next.add(sums.get(place));
      }
      for (int d = 0; d < otherDifferences.size(); d++) {
        long difference = otherDifferences.get(d);
        for (int place = 0; place < sums.size(); place++) {
          next.add(sums.get(place) + difference);
        }
        if (next.size() > limit) {
          return null;
        }
      }
      sums = next;
    }
    return sums;
  }

  /**
   * {@link #readsAsBefore} by listing every sum of the other cells' differences (or nothing): yes as soon as there
   * are more than {@link #MIX_SUMS_LIMIT} of them (the cell counts nowhere: never less safe).
   */
  static boolean readsAsBeforeListing(List<long[]> versions, List<LongSet> differences, List<Long> afterCells,
      int cell, int reading, long scale, Sets sets) {
    LongSet sums = sums(differences, ~(1 << cell), sets.sums, sets.next, MIX_SUMS_LIMIT);
    if (sums == null) {
      return true;
    }
    long n = afterCells.get(cell * 3);
    long sum = afterCells.get(cell * 3 + 1);
    long squares = afterCells.get(cell * 3 + 2);
    for (int i = 0; i < versions.size(); i++) {
      long[] version = versions.get(i);
      if (sums.contains(read(version[0] - n, version[1] - sum, version[2] - squares, reading, scale))) {
        return true;
      }
    }
    return false;
  }

  /**
   * A count and a sum (each well within 31 bits, signed) in one long, linearly: the packed sum of two pairs is the
   * sum of their packings, and two pairs pack alike only when they are equal.
   */
  private static long pack(long n, long value) {
    return (n << 32) + value;
  }

  /**
   * The key's {@link #earlierCells(List, RaterGroup, List, RaterGroup, List) earlier cells} once {@code counted}
   * replaces what {@code previous} counted: none when nothing is counted (a withdrawal erases them with the response),
   * and the cells of a scored response that stops being counted as it was join them.
   */
  static List<Long> earlierCells(ResponseState previous, CountedSummary counted) {
    return afterReplacement(previous, counted, ResponseState::getEarlierCells, KeyHistory::earlierCells, false);
  }

  /**
   * The fingerprints of the cells a key's scored responses held before they were replaced, after a scored response
   * (group and {@link TeamAggregate#contributionCells cells}) is replaced by another (its cells empty when it has no
   * score): each cell of the one replaced that the new one does not hold as it is (same group, same number, sum and
   * sum of squares) joins them in both its readings ({@link #cellReading}), newest last; beyond {@value
   * #EARLIER_CELLS} the oldest are forgotten. A correction that puts a cell back to one of them is a revert
   * ({@link #revertedCells}). Returns {@code earlier} itself when nothing joins.
   */
  public static List<Long> earlierCells(List<Long> earlier, RaterGroup beforeGroup, List<Long> beforeCells,
      RaterGroup afterGroup, List<Long> afterCells) {
    if (beforeCells.size() != TeamAggregate.CONTRIBUTION_LENGTH) {
      return earlier;
    }
    List<Long> result = null;
    for (int cell = 0; cell < TeamAggregate.CONTRIBUTION_LENGTH / 3; cell++) {
      int at = cell * 3;
      long n = beforeCells.get(at);
      if (n == 0 || afterGroup == beforeGroup && sameCell(beforeCells, afterCells, at)) {
        continue;
      }
      for (int reading = 0; reading < 2; reading++) {
        long version = cellReading(beforeGroup, cell, n, beforeCells.get(at + 1 + reading), reading);
        if (!holds(earlier, version) && (result == null || !holds(result, version))) {
          if (result == null) {
            result = new ArrayList<>(earlier);
          }
          result.add(version);
        }
      }
    }
    if (result == null) {
      return earlier;
    }
    return result.size() <= EARLIER_CELLS ? result
        : new ArrayList<>(result.subList(result.size() - EARLIER_CELLS, result.size()));
  }

  /**
   * The cells on which a correction within a team (a scored response replaced by another, both counted in the same
   * team) is a revert: it takes the key's scores off the cell, or puts the cell back, in its group, to what an
   * earlier response of the key held there ({@code earlier}, {@link #earlierCells}), as a record reads it: the same
   * count and sum, or the same count and sum of squares (sixteenth review: back to the same count and sum with other
   * squares, and a record's mean read the rater as they were). A record published before that
   * earlier response was replaced shows the rater as they are again, so a batch of N raters, some of them reverting,
   * would leave fewer than N raters between that record and the next (docs/privacy.md, "Reverts"): a revert counts
   * towards N nowhere, like a move, until the rater changes the cell again. So do the changed cells whose change the
   * versions of the key's other cells can cancel in a signed sum ({@link #mixedBackCells}: answers moved between
   * cells, at once or over several corrections), and a cell that is, in the same group, scores of one value added to or
   * taken off what an earlier form held there ({@link #oneScoreValueFromAForm}), or, relabelled, one value taken out of
   * the old group or held in a group the key came into, or held in a team it came into.
   *
   * @param cameFromAnotherTeam whether the key's response came into this team from another ({@code movedFrom} of its
   *     state in another team)
   * @param squaresRead whether the rule reads the answers' squares; where sd is withheld it reads counts and sums
   *     only, and scores of one value are those of {@link Totals#oneScoreValue(long, long, long, boolean)}
   */
  public static int revertedCells(List<Long> earlier, List<Long> forms, boolean cameFromAnotherTeam,
      RaterGroup beforeGroup, List<Long> beforeCells, RaterGroup afterGroup, List<Long> afterCells,
      boolean squaresRead) {
    boolean scoredBefore = beforeCells.size() == TeamAggregate.CONTRIBUTION_LENGTH;
    boolean scoredAfter = afterCells.size() == TeamAggregate.CONTRIBUTION_LENGTH;
    int cells = 0;
    for (int cell = 0; cell < TeamAggregate.CONTRIBUTION_LENGTH / 3; cell++) {
      int at = cell * 3;
      long before = scoredBefore ? beforeCells.get(at) : 0;
      long n = scoredAfter ? afterCells.get(at) : 0;
      if (n == 0) {
        if (before != 0) {
          cells |= 1 << cell;
        }
      } else if (!(afterGroup == beforeGroup && sameCell(beforeCells, afterCells, at)) && (!earlier.isEmpty()
          && (holds(earlier, cellReading(afterGroup, cell, n, afterCells.get(at + 1), 0))
              || holds(earlier, cellReading(afterGroup, cell, n, afterCells.get(at + 2), 1)))
          || oneScoreValueFromAForm(forms, afterGroup, afterCells, cell, squaresRead))) {
        cells |= 1 << cell;
      }
      // Relabelled, the key leaves its old group's part, taking there what an earlier form held, and arrives in the new
      // group's with what it holds now. Forty-sixth review: a relabel with an edit took H's 2 and 2 out of PEER beside
      // the attacker's correction and a victim's first answer, and PEER's batch, read about 2, was the victim's
      // answers. Forty-seventh: H's 3 and 5 relabelled OTHER as 3 and 3, and OTHER's batch, read about 3, was; the
      // forty-eighth, the same with the relabel first and the edit later: a group the key came into had nothing of
      // it before, so scores of one value there are one value added. So too in a team it came into (forty-ninth: H
      // moved to another team, then corrected to 3 and 3 there, beside the attacker's correction and a victim's first
      // answer).
      if (afterGroup != beforeGroup && oneScoreValueFromAForm(forms, beforeGroup, NO_CELLS, cell, squaresRead)
          || n != 0 && (cameFromAnotherTeam || relabelledInto(afterGroup, beforeGroup, forms))
              && Totals.oneScoreValue(n, afterCells.get(at + 1), afterCells.get(at + 2), squaresRead)) {
        cells |= 1 << cell;
      }
    }
    // A key forgets no form: once it keeps all it may, a correction that would need another counts nowhere instead.
    return cells | (formsFull(forms) ? changedCells(beforeGroup, beforeCells, afterGroup, afterCells)
        : mixedBackCells(forms, beforeGroup, beforeCells, afterGroup, afterCells));
  }

  /** Whether the list holds the value: {@link List#contains} without a box for the value (and its equals per entry). */
  private static boolean holds(List<Long> values, long value) {
    for (int i = 0, size = values.size(); i < size; i++) {
      if (values.get(i) == value) {
        return true;
      }
    }
    return false;
  }

  /** Whether the key came into {@code group} from another: relabelled now, or one of its earlier forms is elsewhere. */
  private static boolean relabelledInto(RaterGroup group, RaterGroup beforeGroup, List<Long> forms) {
    if (group != beforeGroup) {
      return true;
    }
    for (int form = 0; form + FORM_LENGTH <= forms.size(); form += FORM_LENGTH) {
      if (forms.get(form) != group.ordinal()) {
        return true;
      }
    }
    return false;
  }

  /** A response's cells where it has no score: what a key leaves in a group it is relabelled out of. */
  private static final List<Long> NO_CELLS = Collections.nCopies(TeamAggregate.CONTRIBUTION_LENGTH, 0L);

  /**
   * Whether the cell as it is now differs from what one of the key's earlier forms in the same group held there, by
   * scores of one value added or taken away and nothing else ({@link Totals#oneScoreValue}: a blank filled in with a
   * 3, a 3 blanked, a cell the form left blank now scored 3 and 3: forty-ninth review, the blank published first). A
   * record's totals read about that value ({@code sum - c n}, {@code squares - c^2 n}, and so the sum of squared
   * distances from {@code c}) do not move with it, so beside other changes it would leave, in those readings, what
   * the others changed: forty-fourth review, a blank filled in with a 3 beside the attacker's own correction and a
   * victim's first answer, and a survey tool's "not observed" exported as 3 and blanked again in a re-sent export
   * beside a victim's pending answer. Against every earlier form, since a record may show any of them (forty-fifth
   * review: the 3 reached in two saves, a 5 filled in and edited to 3, 2 -> 4 -> 2 and a 3, or a relabel there and
   * back). Like a revert, it counts towards N nowhere.
   *
   * @param forms the key's earlier forms ({@link #earlierForms}), the one this correction replaced included
   * @param afterCells the key's cells in {@code group} now ({@link #NO_CELLS} for a group it left)
   * @param squaresRead whether the squares are read too, or, where sd is withheld, the counts and sums only
   */
  static boolean oneScoreValueFromAForm(List<Long> forms, RaterGroup group, List<Long> afterCells, int cell,
      boolean squaresRead) {
    int at = 1 + cell * 3;
    for (int form = 0; form + FORM_LENGTH <= forms.size(); form += FORM_LENGTH) {
      if (forms.get(form) == group.ordinal()
          && Totals.oneScoreValue(afterCells.get(cell * 3) - forms.get(form + at),
              afterCells.get(cell * 3 + 1) - forms.get(form + at + 1),
              afterCells.get(cell * 3 + 2) - forms.get(form + at + 2), squaresRead)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The cells on which a correction of a key whose scores were erased once (a withdrawal, or under the strict roster
   * the nomination moved away) counts towards N nowhere: every cell either side scores. The erasure took the key's
   * earlier cells with it, so a correction back to the answers it had before the erasure could not be told from a
   * real one (sixteenth review: two raters withdrawn, answered again and corrected back, beside a victim's first
   * answer, and the record minus one from before the withdrawals was the victim's answers). Such a key's changes
   * are published with other raters' batches.
   */
  public static int erasedKeyCells(CountedSummary before, CountedSummary after) {
    return erasedKeyCells(before.getCells(), after.getCells());
  }

  /** {@link #erasedKeyCells(CountedSummary, CountedSummary)} of the two responses' cells (the fast replay's form). */
  public static int erasedKeyCells(List<Long> beforeCells, List<Long> afterCells) {
    return TeamAggregate.scoredCells(beforeCells) | TeamAggregate.scoredCells(afterCells);
  }

  private static boolean sameCell(List<Long> a, List<Long> b, int at) {
    return a.size() == b.size() && TeamAggregate.value(a, at) == TeamAggregate.value(b, at)
        && TeamAggregate.value(a, at + 1) == TeamAggregate.value(b, at + 1)
        && TeamAggregate.value(a, at + 2) == TeamAggregate.value(b, at + 2);
  }

  /**
   * 64 bits of one reading of one cell of a response in its group: the group, the cell, its number of scores, and
   * their sum (reading 0, what a mean shows) or sum of squares (reading 1, what a spread shows with it), through
   * SplitMix64's finaliser in turn. Two different readings share them with a chance of 2^-64: then a real correction
   * would count towards N nowhere, never the other way round.
   */
  public static long cellReading(RaterGroup group, int cell, long n, long value, int reading) {
    long h = mix(((long) reading << 16 | (long) group.ordinal() << 8 | cell) + 0x9E3779B97F4A7C15L);
    h = mix(h ^ n);
    return mix(h ^ value);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * The cells (bits) of a response entering the scores out of held (in {@code group}) that a correction made while
   * it waited leaves readable as nothing, as such a correction of a form not yet shown is (fiftieth review): cells
   * that hold scores of one value and differ from what one of the key's earlier forms held there ({@code forms}:
   * under the strict roster they include the versions replaced while the response waited), blank included; and cells
   * that are one of those forms with scores of one value added or taken away ({@link #oneScoreValueFromAForm}), as a
   * correction within the scores would be. They count nowhere there. Fifty-fourth review: a response held until its
   * nomination arrived, fixed to 3 and 3 by HR's correction in the meantime, counted as a first form beside the
   * attacker's correction and a victim's first answer, and the batch's records read about 3 were the victim's
   * answers. Fifty-fifth review: the same cell rebuilt while held one value at a time (blanked, then a 2, then a 4),
   * which the scores' own corrections hold step by step. A first form never corrected still counts, however alike
   * its answers.
   */
  static int heldFixedCells(List<Long> forms, RaterGroup group, List<Long> afterCells, boolean squaresRead) {
    if (forms.isEmpty() || afterCells.size() != TeamAggregate.CONTRIBUTION_LENGTH) {
      return 0;
    }
    int cells = 0;
    for (int cell = 0; cell < TeamAggregate.CONTRIBUTION_LENGTH / 3; cell++) {
      int at = cell * 3;
      long n = TeamAggregate.value(afterCells, at);
      long sum = TeamAggregate.value(afterCells, at + 1);
      long squares = TeamAggregate.value(afterCells, at + 2);
      if (n != 0 && oneScoreValueFromAForm(forms, group, afterCells, cell, squaresRead)) {
        cells |= 1 << cell;
        continue;
      }
      if (!Totals.oneScoreValue(n, sum, squares, squaresRead)) {
        continue;
      }
      for (int form = 0; form + FORM_LENGTH <= forms.size(); form += FORM_LENGTH) {
        int place = form + 1 + at;
        if (forms.get(place) != n || forms.get(place + 1) != sum || forms.get(place + 2) != squares) {
          cells |= 1 << cell;
          break;
        }
      }
    }
    return cells;
  }
}

package dev.feedback360.streams.scoring;

import static dev.feedback360.streams.scoring.SubsetSums.AS_READ;
import static dev.feedback360.streams.scoring.SubsetSums.EXACTLY;
import static dev.feedback360.streams.scoring.SubsetSums.WITH_COUNTS;
import static dev.feedback360.streams.scoring.SubsetSums.contains;
import static dev.feedback360.streams.scoring.SubsetSums.fewerMake;
import static dev.feedback360.streams.scoring.SubsetSums.reachable;
import static dev.feedback360.streams.scoring.SubsetSums.reachableCount;
import static dev.feedback360.streams.scoring.SubsetSums.readsAsNothing;
import static dev.feedback360.streams.scoring.SubsetSums.someFewerAddUpTo;
import static dev.feedback360.streams.scoring.SubsetSums.someFewerAddUpToAsRead;
import static dev.feedback360.streams.scoring.SubsetSums.splitCounted;
import static dev.feedback360.streams.scoring.SubsetSums.total;
import static dev.feedback360.streams.scoring.SubsetSums.uncountPairs;
import static dev.feedback360.streams.scoring.SubsetSums.zeroed;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The raters of one team whose contribution to some part (rater group x cell) differs from what is published of that
 * part, with the net change since. A rater whose changes cancel out (a correction reverted before publication) leaves
 * again, so a part's pending raters are exactly the raters who would differ if the part were published now. The
 * publication rule keeps fewer than N raters per part here, so the state stays small whatever the corrections.
 */
final class PendingChanges {

  /** One rater's pending changes. Parts are bits {@code group * CELLS + cell} of a long (30 parts). */
  static final class Rater {
    /** The rater's id. */
    String id;
    /**
     * Parts on which the rater's contribution differs from the published one (also in {@link
     * PendingChanges#orderParts}).
     */
    long parts;
    /** The rater's place in {@link PendingChanges#order} while pending. */
    int slot;
    /** Per part: whether the rater had a score there as published (meaningful for pending parts only). */
    long presentAsPublished;
    /** Per part: whether the rater has a score there now (updated by every change of the rater). */
    long presentNow;
    /**
     * Pending parts on which a change of the rater was a move: it left the rater's response in another group or team
     * (or out of the scores and back through a held response, strict roster) with the scores that left, on the
     * cell; or the rater's response left the team ({@link #markMoved}). The pending change as it stood after the
     * latest such change is kept ({@link #movedDelta}): while the rater's pending change is still that, or their
     * changes there that were no moves add up to nothing ({@link #editDelta}), the rater does not count towards N
     * there (PublicationChecks#countedChanges), whatever their other changes on the way (an edit of another subject's
     * form in the team, made before or after the move and reverted); neither does one whose changes over the groups
     * add up to nothing ({@link #countCounted}).
     */
    long moved;
    /**
     * Pending parts on which the rater counts towards N ({@link PendingChanges#counts}), kept with every change of the
     * rater so that {@link PendingChanges#countCounted} reads a count instead of every rater of the team, and the
     * checks read a bit instead of working it out per rater and part.
     */
    long counted;
    /**
     * Per group, at cell * 3: change in n, sum and sum of squares since the part was published ({@link #delta});
     * null for a group the rater never changed. Most pending raters are pending in one group: a group's array each is
     * a quarter of the team state's bytes an array for every part took.
     */
    private final long[][] byGroup = new long[TeamAggregate.GROUPS][];
    /**
     * Per {@link #moved} part, at part * 3, in arrays per group as {@link #byGroup}: {@link #delta} as it stood after
     * the rater's latest move there ({@link #movedDelta}). Null until the rater's first move (most raters never move:
     * no arrays for them in every team's state), and a group's array null while nothing moved there (a move touches
     * one or two groups: under a third of the bytes an array for every part took; 27,000 of the bench's 77,000 pending
     * raters at the end of a fast replay keeping them).
     */
    private long[][] movedByGroup;
    /**
     * Per pending part, at part * 3, in arrays per group as {@link #byGroup}: the sum of the rater's changes there
     * since publication that were no moves ({@link #editDelta}; {@link #delta} itself on a part not {@link #moved}).
     * Null until the rater's first move: {@link #delta} itself.
     */
    private long[][] editByGroup;
    /**
     * Where the rater's bytes start in {@link PendingChanges#lastPacked}, as the last {@link PendingChanges#pack}
     * wrote them, and how many: -1 once the rater changed since, or was never packed. A change of a team changes one
     * of its pending raters (or those of the parts it publishes), and its state, every pending rater included, is
     * written on every change: the others' bytes are copied, not packed again.
     */
    int packedAt = -1;
    int packedLength;

    /** Per part, at part * 3: change in n, sum and sum of squares since the part was published. */
    long delta(int at) {
      return valueAt(byGroup, at);
    }

    /**
     * The rater's changes in the part's group, {@link #delta} of its parts one after another from {@code part %
     * CELLS * 3}; null where the rater changed nothing in that group. A loop over parts reads each part's three
     * figures from it at once.
     */
    long[] changesIn(int part) {
      return byGroup[part / TeamAggregate.CELLS];
    }

    /** Adds {@code value} to {@link #delta} at {@code at}. */
    void addDelta(int at, long value) {
      addAt(byGroup, at, value);
    }

    /** Per moved part, at part * 3: {@link #delta} as it stood after the rater's latest move there. */
    long movedDelta(int at) {
      return valueAt(movedByGroup, at);
    }

    /**
     * Per part, at part * 3: the sum of the rater's changes there since publication that were no moves; read only on
     * {@link #moved} parts (kept from the rater's first move on).
     */
    long editDelta(int at) {
      return valueAt(editByGroup, at);
    }

    private static long valueAt(long[][] groups, int at) {
      long[] group = groups[at / GROUP_STRIDE];
      return group == null ? 0 : group[at % GROUP_STRIDE];
    }

    private static void addAt(long[][] groups, int at, long value) {
      long[] group = groupOf(groups, at, value);
      if (group != null) {
        group[at % GROUP_STRIDE] += value;
      }
    }

    private static void setAt(long[][] groups, int at, long value) {
      long[] group = groupOf(groups, at, value);
      if (group != null) {
        group[at % GROUP_STRIDE] = value;
      }
    }

    /** The group's array of {@code at}, made when missing and {@code value} is not 0; null: nothing to keep. */
    private static long[] groupOf(long[][] groups, int at, long value) {
      int group = at / GROUP_STRIDE;
      if (groups[group] == null && value != 0) {
        groups[group] = new long[GROUP_STRIDE];
      }
      return groups[group];
    }

    /**
     * Whether the part's change is nothing: in count, sum and squares, or without {@code squaresRead} in count and
     * sum (a change of the squares alone shows nowhere where sd is withheld; review 75: kept pending, it moved
     * {@code pendingRaters} on a team counted under --withhold-sd after the option was switched off).
     */
    boolean nothingOn(int part, boolean squaresRead) {
      int at = part * 3;
      return delta(at) == 0 && delta(at + 1) == 0 && (!squaresRead || delta(at + 2) == 0);
    }

    /** Keeps {@link #movedDelta} and {@link #editDelta} apart from {@link #delta}, before the rater's first move. */
    private void keepMoves() {
      if (editByGroup == null) {
        editByGroup = new long[TeamAggregate.GROUPS][];
        for (int group = 0; group < byGroup.length; group++) {
          if (byGroup[group] != null) {
            editByGroup[group] = byGroup[group].clone();
          }
        }
        movedByGroup = new long[TeamAggregate.GROUPS][];
      }
    }

    /** Adds an edit's change to {@link #editDelta}, when the rater keeps its moves apart. */
    private void addEdit(int at, long n, long sum, long sumOfSquares) {
      if (editByGroup != null) {
        addAt(editByGroup, at, n);
        addAt(editByGroup, at + 1, sum);
        addAt(editByGroup, at + 2, sumOfSquares);
      }
    }

    /** Forgets the rater's moves: back to every change an edit, as before the first move. */
    private void forgetMoves() {
      editByGroup = null;
      movedByGroup = null;
    }

    /**
     * Whether the part is pending by a move and the rater's change there is still what the move left, or their changes
     * there that were no moves add up to nothing (a correction of another form made before a withdrawal and reverted
     * after it leaves the withdrawal alone, which counts nowhere).
     */
    boolean onlyMoved(int part) {
      if ((moved & (1L << part)) == 0) {
        return false;
      }
      int at = part * 3;
      return !changedSinceMove(part)
          || editDelta(at) == 0 && editDelta(at + 1) == 0 && editDelta(at + 2) == 0;
    }

    /** Whether the moved part's change is no longer what its latest move left. */
    boolean changedSinceMove(int part) {
      int at = part * 3;
      return delta(at) != movedDelta(at) || delta(at + 1) != movedDelta(at + 1) || delta(at + 2) != movedDelta(at + 2);
    }

    /** Whether the part's edits are what its pending change since the move is (as state packed without them reads). */
    boolean editsSinceMove(int part) {
      int at = part * 3;
      return editDelta(at) == delta(at) - movedDelta(at) && editDelta(at + 1) == delta(at + 1) - movedDelta(at + 1)
          && editDelta(at + 2) == delta(at + 2) - movedDelta(at + 2);
    }

    private void forget(int part) {
      clear(byGroup, part);
      if (editByGroup != null) {
        clear(editByGroup, part);
      }
    }

    private static void clear(long[][] groups, int part) {
      long[] group = groups[part / TeamAggregate.CELLS];
      if (group != null) {
        int at = part % TeamAggregate.CELLS * 3;
        Arrays.fill(group, at, at + 3, 0L);
      }
    }

    /**
     * Writes the rater's changes on the parts, summed (n, sum and sum of squares, or without {@code squaresRead} the
     * sum again), at {@code at} of {@code into}; returns whether they add up to something.
     */
    boolean sumOn(long parts, long[] into, int at, boolean squaresRead) {
      long rn = 0;
      long rsum = 0;
      long rsq = 0;
      for (long on = this.parts & parts; on != 0; on &= on - 1) {
        int part = Long.numberOfTrailingZeros(on);
        long[] group = byGroup[part / TeamAggregate.CELLS];
        if (group == null) {
          continue; // nothing changed there (never pending so, but as packed state may read)
        }
        int from = part % TeamAggregate.CELLS * 3;
        rn += group[from];
        rsum += group[from + 1];
        rsq += group[from + 2];
      }
      if (!squaresRead) {
        rsq = rsum;
      }
      into[at] = rn;
      into[at + 1] = rsum;
      into[at + 2] = rsq;
      return rn != 0 || rsum != 0 || rsq != 0;
    }

    /** Marks the pending parts (bits) as moved, their pending change as it stands now being the move. */
    void markMoved(long parts) {
      if (parts == 0) {
        return;
      }
      keepMoves();
      moved |= parts;
      for (long on = parts; on != 0; on &= on - 1) {
        int at = Long.numberOfTrailingZeros(on) * 3;
        setAt(movedByGroup, at, delta(at));
        setAt(movedByGroup, at + 1, delta(at + 1));
        setAt(movedByGroup, at + 2, delta(at + 2));
      }
    }

    /** Whether the rater has a score on the part as published (pending or not). */
    boolean publishedPresence(int part) {
      long bit = 1L << part;
      return ((parts & bit) != 0 ? presentAsPublished & bit : presentNow & bit) != 0;
    }
  }

  private static final String WHAT = "team pending changes";
  /** A group's parts' changes (n, sum and sum of squares per cell) in {@link Rater}'s arrays per group. */
  private static final int GROUP_STRIDE = TeamAggregate.CELLS * 3;
  /** The length that marks a rater id packed as a pseudonym's 32 bytes: never the length of a text. */
  private static final long PSEUDONYM = -1;
  /**
   * Set in a packed moved mask (beyond the parts' bits) when some moved parts' changes have changed since their move:
   * their mask and, after the deltas, their {@link Rater#movedDelta} follow.
   */
  private static final long CHANGED_SINCE_MOVED = 1L << 40;
  /**
   * Set in a packed moved mask when some moved parts' changes that were no moves are not what changed since the
   * move (an edit pending before the move, or undone by a move back): their mask and, last, their
   * {@link Rater#editDelta} follow.
   */
  private static final long EDITS_APART = 1L << 41;

  /** The pending raters by id. */
  private final Map<String, Rater> raters = new HashMap<>();
  /**
   * The pending raters in the order they became pending (the order they are packed in), the first {@link #size}:
   * every check goes through all of them, and an array is cheaper to go through than a linked map's entries.
   */
  private Rater[] order = new Rater[8];
  /**
   * {@link Rater#parts} of {@link #order}'s raters, place by place: the checks go through every pending rater to find
   * those on some parts, most of them on none, and reading their masks here reads no rater (cold in a team just read
   * from its store; docs/benchmarks.md, "The pending raters' parts read beside them").
   */
  private long[] orderParts = new long[8];
  private int size;
  /** Per part: the raters pending on it, kept with {@link Rater#parts} (asked on every change of every part). */
  private final int[] partRaters = new int[TeamAggregate.PARTS];
  /** Per part: the raters counted towards N on it, kept with {@link Rater#counted}. */
  private final int[] partCounted = new int[TeamAggregate.PARTS];
  /**
   * The rater of the last {@link #record} and their entry, while it is in {@link #raters}: a change records one to
   * six parts of one rater.
   */
  private String lastRaterId;
  private Rater lastRater;
  /**
   * A rater that left, for the next one to arrive: a rater leaves with no pending part, and a part is pending while
   * its delta is not zero, so every delta is zero already.
   */
  private Rater spare;
  /**
   * The array the last {@link #pack} wrote, which its raters' {@link Rater#packedAt} point into (null before), and
   * how many of its bytes it wrote.
   */
  private byte[] lastPacked;
  private int lastPackedSize;
  /**
   * Whether the checks read the raters' changes in the sum of squares (a record's sd gives the squares), or, where sd
   * is withheld, the sum again in its place ({@link #readSquares}). The changes kept are exact either way.
   */
  private boolean squaresRead = true;

  /** This thread's {@link Scratch}, as last looked up. */
  private Scratch scratch;

  private Scratch scratch() {
    return scratch = Scratch.of(scratch);
  }

  /**
   * Records a change of one rater on one part.
   *
   * @param presentBefore the rater's presence on every part before the change
   * @param presentAfter the rater's presence on every part after it
   * @param move whether the change leaves the rater's response where a move put it, with the scores that left, on
   *     the cell: not counted towards N while the rater's pending change on the part is what it was after the move
   * @param oneValueCorrection whether the change is a correction that leaves the cell holding scores of one value
   *     ({@code TeamAggregate#oneValueCorrectionCells}): read as a move where the rater's pending change on the part
   *     is then scores of one value too
   */
  void record(String rater, int part, long n, long sum, long sumOfSquares, long presentBefore, long presentAfter,
      boolean move, boolean oneValueCorrection) {
    // The same id object for every part of one change: compared by identity, an id read afresh is looked up.
    Rater pending = rater == lastRaterId ? lastRater : entry(rater);
    pending.packedAt = -1;
    long bit = 1L << part;
    if ((pending.parts & bit) == 0) {
      setParts(pending, pending.parts | bit);
      partRaters[part]++;
      pending.presentAsPublished = (pending.presentAsPublished & ~bit) | (presentBefore & bit);
    }
    int at = part * 3;
    // A correction that leaves scores of one value where the rater's whole pending change on the part is then scores
    // of one value too (the part as published showed nothing of this form: a new rater's form not yet shown, or a
    // rater's form for another subject): read about that value, it is nothing. Like a move, it counts only once the
    // rater changes it again.
    move |= oneValueCorrection && Totals.oneScoreValue(pending.delta(at) + n, pending.delta(at + 1) + sum,
        pending.delta(at + 2) + sumOfSquares, squaresRead);
    pending.presentNow = presentAfter;
    if (move) {
      pending.keepMoves(); // before the move's change: every change so far was an edit
    }
    pending.addDelta(at, n);
    pending.addDelta(at + 1, sum);
    pending.addDelta(at + 2, sumOfSquares);
    if (!move) {
      pending.addEdit(at, n, sum, sumOfSquares);
    }
    // A move is a change that leaves the rater's response where a move put it, with the scores that left
    // (RosterRule#movedCells), whatever happened on the way (an edit with the move, reverted): the pending change as
    // it stands is then the move. A later change that is no move counts only if it changes that (seventh review:
    // an edit of another form of the rater, reverted, must not take the move back).
    if (move) {
      pending.markMoved(bit);
    }
    if (pending.nothingOn(part, squaresRead)) {
      pending.forget(part);
      setParts(pending, pending.parts & ~bit);
      pending.moved &= ~bit;
      partRaters[part]--;
    }
    recount(pending, CELL_PARTS << (part % TeamAggregate.CELLS));
    if (pending.parts == 0) {
      raters.remove(rater);
      int place = pending.slot;
      System.arraycopy(order, place + 1, order, place, size - place - 1);
      System.arraycopy(orderParts, place + 1, orderParts, place, size - place - 1);
      order[--size] = null;
      for (int i = place; i < size; i++) {
        order[i].slot = i;
      }
      leave(pending);
    }
  }

  /** Adds a rater that became pending, after the others. */
  private void append(Rater pending) {
    if (size == order.length) {
      order = Arrays.copyOf(order, size * 2);
      orderParts = Arrays.copyOf(orderParts, size * 2);
    }
    place(pending, size++);
  }

  /** Puts the rater at the place of {@link #order}. */
  private void place(Rater pending, int at) {
    order[at] = pending;
    orderParts[at] = pending.parts;
    pending.slot = at;
  }

  /** Sets a pending rater's parts, in {@link #orderParts} too. */
  private void setParts(Rater pending, long parts) {
    pending.parts = parts;
    orderParts[pending.slot] = parts;
  }

  /**
   * Updates which of the {@code affected} parts the rater counts on ({@link Rater#counted}) and the parts' counts,
   * after a change of the rater there. Whether a rater counts on a part depends on their own changes on its cell only
   * ({@link #counts}), so a change of a cell affects its parts in every group and nothing else.
   */
  private void recount(Rater pending, long affected) {
    long now = pending.counted & ~affected;
    for (long on = pending.parts & affected; on != 0; on &= on - 1) {
      int part = Long.numberOfTrailingZeros(on);
      if (counts(pending, part, squaresRead)) {
        now |= 1L << part;
      }
    }
    for (long flipped = now ^ pending.counted; flipped != 0; flipped &= flipped - 1) {
      int part = Long.numberOfTrailingZeros(flipped);
      partCounted[part] += (now & (1L << part)) != 0 ? 1 : -1;
    }
    pending.counted = now;
  }

  /**
   * Marks the rater's pending parts on the cells (bits) as moves, in every group: their pending change as it stands
   * is the move, and counts only once the rater changes it. For a response that left the team by a move.
   */
  void markMoved(String rater, int cells) {
    Rater pending = raters.get(rater);
    if (pending == null) {
      return;
    }
    pending.packedAt = -1;
    long affected = 0;
    for (int group = 0; group < TeamAggregate.GROUPS; group++) {
      long parts = (long) cells << (group * TeamAggregate.CELLS);
      pending.markMoved(pending.parts & parts);
      affected |= parts;
    }
    recount(pending, affected);
  }

  private Rater entry(String rater) {
    Rater pending = raters.get(rater);
    if (pending == null) {
      pending = spare != null ? spare : new Rater();
      spare = null;
      pending.id = rater;
      raters.put(rater, pending);
      append(pending);
    }
    lastRaterId = rater;
    lastRater = pending;
    return pending;
  }

  private void leave(Rater pending) {
    pending.presentAsPublished = 0;
    pending.presentNow = 0;
    pending.moved = 0;
    pending.counted = 0;
    pending.forgetMoves();
    spare = pending;
    lastRaterId = null;
    lastRater = null;
  }

  /** Raters pending on the part. */
  int count(int part) {
    return partRaters[part];
  }

  /**
   * Whether a pending rater had a score on one of the {@code parts} as published and has none there now: their form
   * left the part (a withdrawal, a move to another group or team, an erasure under the strict roster).
   */
  boolean anyLeft(long parts) {
    for (int i = 0; i < size; i++) {
      if ((orderParts[i] & parts) == 0) {
        continue;
      }
      Rater pending = order[i];
      if ((pending.parts & parts & pending.presentAsPublished & ~pending.presentNow) != 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Raters pending on the part who count towards N: their change is more than a move, both by the path (their
   * pending change on the part is not what a move left, {@link Rater#onlyMoved}) and by the net: a rater pending on
   * this cell in two
   * or more of the groups pooled together (all but SELF) whose changes there add up to nothing has changed nothing
   * in the pooled cell, whatever the path (a relabel with an edit, then the edit reverted; a correction, then a
   * relabel back to the old answers), so counts in none of those groups.
   */
  int countCounted(int part) {
    return partCounted[part];
  }

  /** The parts of cell 0 in the pooled groups (bits); shifted left by a cell, that cell's. */
  private static final long POOLED_CELL = pooledCell();

  /** Every group's part of cell 0 (bits); shifted left by a cell, that cell's. */
  private static final long CELL_PARTS = POOLED_CELL | 1L;

  private static long pooledCell() {
    long parts = 0;
    for (int part = TeamAggregate.CELLS; part < TeamAggregate.PARTS; part += TeamAggregate.CELLS) {
      parts |= 1L << part;
    }
    return parts;
  }

  /** Whether a rater pending on the part counts towards N there ({@link #countCounted}). */
  static boolean counts(Rater pending, int part, boolean squaresRead) {
    return !pending.onlyMoved(part)
        && !(part >= TeamAggregate.CELLS && nothingNetOverGroups(pending, part % TeamAggregate.CELLS, squaresRead));
  }

  /**
   * Whether the rater is pending on the cell in two or more pooled groups and their changes there add to zero (in
   * count and sum alone where the squares are not read).
   */
  private static boolean nothingNetOverGroups(Rater pending, int cell, boolean squaresRead) {
    if (Long.bitCount(pending.parts & (POOLED_CELL << cell)) < 2) {
      return false;
    }
    int groups = 0;
    long n = 0;
    long sum = 0;
    long sumOfSquares = 0;
    for (int part = TeamAggregate.CELLS + cell; part < TeamAggregate.PARTS; part += TeamAggregate.CELLS) {
      if ((pending.parts & (1L << part)) != 0) {
        groups++;
        n += pending.delta(part * 3);
        sum += pending.delta(part * 3 + 1);
        sumOfSquares += pending.delta(part * 3 + 2);
      }
    }
    return groups > 1 && n == 0 && sum == 0 && (!squaresRead || sumOfSquares == 0);
  }

  /**
   * Whether the net change since publication of the parts (one part, or the parts of one cell published together)
   * is what fewer than {@code limit} of their pending raters changed, summed: the other raters' changes cancel out
   * (X moved an answer from 2 to 4, Y the same item from 4 to 2), so publishing now would show those few raters'
   * changes although {@code limit} or more raters changed (docs/privacy.md, "A batch that cancels down to fewer
   * than N raters"). A rater's changes on the parts are summed (a rater in two of the groups is one rater, and one
   * whose changes there cancel is no change); parts made of fewer than {@code limit} changed raters at all are
   * explained too. A zero net change is never explained: publishing it shows nothing new.
   *
   * <p>Raters pending by moves only ({@link #counts}: a move, a departure, a withdrawal, a return after one) count
   * towards N nowhere, and what they changed can be taken out with its other side, published elsewhere. So:
   * <ul>
   *   <li>a counted rater whose change is exactly the opposite of an uncounted one's counts nowhere either: a
   *       response withdrawn and sent again under a new rater id (re-keyed) is a new rater to the rule, and the pair
   *       cancels (ninth and tenth reviews); with fewer than {@code limit} counted raters left, the batch waits;
   *   <li>the net change less what the uncounted raters (those paired included) changed is checked too: it is
   *       explained when it is zero (only moves would show) or what fewer than {@code limit} raters changed (eighth
   *       review: three relabels with a trade of answers and a victim's first answer in a batch).
   * </ul>
   *
   * @param limit N: subsets of 1 to {@code limit - 1} raters are searched (at N = 3, every rater and pair)
   * @param n the parts' net change in the number of scores (current minus published)
   * @param sum their net change in the sum of scores
   * @param sumOfSquares their net change in the sum of squares
   */
  boolean fewerThanExplain(long parts, int limit, long n, long sum, long sumOfSquares) {
    if (n == 0 && sum == 0 && sumOfSquares == 0) {
      return false;
    }
    // The batch's raters first (count of them), then, for pairing only, changes pending on the cell in other pooled
    // groups of raters outside the batch.
    Scratch scratch = scratch();
    long[] deltas = scratch.deltas(size * (1 + TeamAggregate.GROUPS) * 3);
    boolean[] counted = scratch.counted(size * (1 + TeamAggregate.GROUPS));
    int count = sumsOn(parts, deltas, counted);
    if (count < limit || someFewerAddUpToAsRead(scratch, deltas, count, limit, sum, sumOfSquares)) {
      return true;
    }
    int withOutside = addUncountedElsewhereInCell(parts, deltas, counted, count, scratch.inBatch);
    int stillCounted = uncountPairs(deltas, counted, count, withOutside, scratch.paired(withOutside));
    if (stillCounted == count) {
      return false; // nothing uncounted: the search above was the whole check
    }
    if (stillCounted < limit) {
      return true;
    }
    long restSum = sum;
    long restSumOfSquares = sumOfSquares;
    for (int i = 0; i < count; i++) {
      if (!counted[i]) {
        restSum -= deltas[i * 3 + 1];
        restSumOfSquares -= deltas[i * 3 + 2];
      }
    }
    return readsAsNothing(restSum, restSumOfSquares)
        || someFewerAddUpToAsRead(scratch, deltas, count, limit, restSum, restSumOfSquares);
  }

  /**
   * Whether the pending changes on the parts (of one cell), summed per rater over them, make a net change that fewer
   * than {@code limit} raters made (TeamAggregate: a part with its cell's parts whose groups are out of the pool). A
   * zero net is never explained.
   *
   * @param cellParts parts of one cell (bits)
   */
  boolean cellFewerThanExplain(long cellParts, int limit) {
    Scratch scratch = scratch();
    long[] deltas = scratch.deltas(size * 3);
    int count = sumsOn(cellParts, deltas, null);
    long[] net = total(deltas, count, scratch.net);
    long n = net[0];
    long sum = net[1];
    long sumOfSquares = net[2];
    if (n == 0 && sum == 0 && sumOfSquares == 0) {
      return false;
    }
    // Exact matches only: this check compares a batch with a record from before a group left the pool, two records
    // further apart, where the count-and-sum reading alone also matches changes of raters who differ by N or more
    // (coincidences of two-figure totals; in the checker's random sequences they held batches its model expected
    // published). Such coincidences between records further apart stay open (docs/privacy.md, "What remains").
    return count < limit || someFewerAddUpTo(scratch, deltas, count, limit, n, sum, sumOfSquares, EXACTLY);
  }

  /**
   * Whether 1 to {@code limit - 1} of the raters pending on the parts (of one cell), their changes there summed, make
   * one of the {@code targets} from {@code from} to {@code to} (n, sum and sum of squares, one after another) exactly,
   * in all three figures (PublicationChecks: a batch's net change less the parts of groups that left the pool or
   * may leave it, the raters pending in those groups among the parts). Zero targets are skipped.
   */
  boolean cellFewerThanMakeExactly(long cellParts, int limit, long[] targets, int from, int to) {
    Scratch scratch = null;
    long[] deltas = null;
    int count = 0;
    for (int at = from; at < to; at += 3) {
      if (targets[at] == 0 && targets[at + 1] == 0 && targets[at + 2] == 0) {
        continue;
      }
      if (deltas == null) {
        scratch = scratch();
        deltas = scratch.deltas(size * 3);
        count = sumsOn(cellParts, deltas, null);
      }
      if (someFewerAddUpTo(scratch, deltas, count, limit, targets[at], targets[at + 1], targets[at + 2], EXACTLY)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether 1 to {@code limit - 1} of the raters pending on the parts, their changes there summed, add up to one of
   * the {@code targets} (n, sum and sum of squares, one after another), changes other than the parts' own net
   * (TeamAggregate: what two records differ by when groups of the cell leave the pool, before or after this batch),
   * as {@link SubsetSums#readsAsNothing} reads: in the sum or the squares, whatever the count (twenty-fourth review: copies of
   * a group's forms beside two corrections that moved the count by one and the sum and squares by nothing, and the
   * records around the group's departure differed by a victim's answers but for the count). Nothing is never
   * explained. The raters' changes are summed once for all the targets.
   */
  boolean fewerThanMake(long parts, int limit, long[] targets) {
    return fewerThanMake(parts, limit, targets, 0, targets.length);
  }

  /** {@link #fewerThanMake(long, int, long[])} of the targets from {@code from} to {@code to} of {@code targets}. */
  boolean fewerThanMake(long parts, int limit, long[] targets, int from, int to) {
    Scratch scratch = scratch();
    long[] deltas = null;
    long[] uncounted = zeroed(scratch.uncounted);
    long[] countedDeltas = null;
    int countedCount = 0;
    int count = 0;
    long[] sums = null;
    long[] squares = null;
    int reached = 0;
    for (int at = from; at < to; at += 3) {
      long n = targets[at];
      long sum = targets[at + 1];
      long sumOfSquares = targets[at + 2];
      if (n == 0 && sum == 0 && sumOfSquares == 0) {
        continue;
      }
      if (deltas == null) {
        deltas = scratch.deltas(size * 3);
        boolean[] counted = scratch.counted(size);
        count = sumsOn(parts, deltas, counted);
        countedDeltas = scratch.countedOnly(count * 3);
        countedCount = splitCounted(deltas, count, counted, countedDeltas, uncounted);
        // Read as readsAsNothing reads, a target is made by raters whose sums add up to its sum, or whose squares
        // add up to its squares: listed once for all the targets where they are few.
        reached = to - from > 3 ? reachableCount(count, limit) : -1;
        if (reached >= 0) {
          sums = reachable(deltas, count, limit, 1, scratch.sums(reached));
          squares = reachable(deltas, count, limit, 2, scratch.squares(reached));
        }
      }
      if (fewerMake(scratch, deltas, count, limit, sums, squares, reached, n, sum, sumOfSquares)) {
        return true;
      }
      // Less what the uncounted raters changed, as a part's own check reads it: a rater withdrawn and sent again
      // under a new id with an edit is two changes of one person, and the copies beside a victim's answer left the
      // victim's answers and that edit (twenty-ninth review).
      if ((uncounted[0] != 0 || uncounted[1] != 0 || uncounted[2] != 0)
          && (readsAsNothing(sum - uncounted[1], sumOfSquares - uncounted[2])
              || someFewerAddUpTo(scratch, countedDeltas, countedCount, limit, n - uncounted[0], sum - uncounted[1],
                  sumOfSquares - uncounted[2], AS_READ))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Writes, one after the other into {@code deltas}, the changes on the parts of every pending rater whose changes
   * there, summed, are not nothing, and (unless null) into {@code counted} whether that rater counts towards N on
   * any of the parts; returns how many.
   */
  private int sumsOn(long parts, long[] deltas, boolean[] counted) {
    int count = 0;
    for (int i = 0; i < size; i++) {
      if ((orderParts[i] & parts) == 0) {
        continue; // pending elsewhere only: nothing to sum
      }
      Rater pending = order[i];
      if (pending.sumOn(parts, deltas, count * 3, squaresRead)) {
        if (counted != null) {
          counted[count] = (pending.counted & parts) != 0;
        }
        count++;
      }
    }
    return count;
  }

  /**
   * Appends, after the batch's {@code count} raters, the uncounted changes pending on the same cell in the other
   * pooled groups (not in {@code parts}) of raters with no change in the batch: a response withdrawn in one group
   * and sent again under a new rater id in another cancels there, whichever part publishes first (eleventh review:
   * re-keyed from PEER into OTHER while PEER fell below k). Nothing for SELF, which pools with no other group.
   * Returns the entries' new end.
   */
  private int addUncountedElsewhereInCell(long parts, long[] deltas, boolean[] counted, int count, long[] inBatch) {
    int first = Long.numberOfTrailingZeros(parts);
    if (first < TeamAggregate.CELLS) {
      return count;
    }
    int cell = first % TeamAggregate.CELLS;
    int end = count;
    long elsewhere = (POOLED_CELL << cell) & ~parts;
    for (int i = 0; i < size; i++) {
      if ((orderParts[i] & elsewhere) == 0) {
        continue;
      }
      Rater pending = order[i];
      long uncounted = pending.parts & ~pending.counted & elsewhere;
      if (uncounted == 0 || pending.sumOn(parts, inBatch, 0, squaresRead)) {
        continue; // nothing uncounted elsewhere in the cell (most raters), or a change in the batch
      }
      for (long on = uncounted; on != 0; on &= on - 1) {
        int part = Long.numberOfTrailingZeros(on);
        deltas[end * 3] = pending.delta(part * 3);
        deltas[end * 3 + 1] = pending.delta(part * 3 + 1);
        deltas[end * 3 + 2] = pending.delta(part * 3 + (squaresRead ? 2 : 1));
        counted[end] = false;
        end++;
      }
    }
    return end;
  }

  /**
   * Whether a combination of cells that one record publishes together would move by what fewer than {@code limit}
   * raters changed, the others' changes cancelling in it. A record shows several cells, and a reader adds and
   * subtracts them: a leader cell less its manager cell (what balance, selfBalance and gap show), two cells summed
   * (what the overall means show), any two cells' difference. A rater who raised a leader item and a manager item
   * alike, or every answer by one, changed each cell but not such a combination (fourteenth and fifteenth reviews:
   * two raters doing so beside a new rater, and the combination's change was the new rater's alone).
   *
   * <p>Each term is a cell's parts being published (bits), with a sign in {@code signs} (or a weight: a reader of
   * means weights each term by the other terms' counts). Per rater the combination's change is read as a record shows
   * it: the signed sum of the changes in the sum of scores and, {@code
   * withSquares}, in the sum of squares (SELF parts show no spread); and the change in n: where the terms are all
   * summed, the terms' n added up, as one cell of them all would show it (twenty-second review: two raters'
   * corrections that cancelled in two cells summed while each cell's count moved, one down, the other up); where a
   * term is subtracted, each term's n on its own (a record shows each cell's n). Not without the counts, as one cell
   * is read ({@link SubsetSums#readsAsNothing}): a rater whose two cells hold the same answers would change a difference by
   * nothing, and nearly every batch of first answers would wait. Fewer than {@code limit} raters (counted on one of
   * the parts) whose change is not nothing in that reading, or fewer than {@code limit} of them adding up to the
   * whole in it, and the combination is explained. A combination that does not move is explained when fewer than
   * {@code limit} raters' changes in it are not nothing (they cancel, and showing that would relate them).
   *
   * <p>So is it when fewer than {@code limit} of those raters add up, in the same reading, to one of the {@code
   * targets} (n folded as {@link #termN} folds it, sum, and squares or, without {@code withSquares}, the sum again;
   * one after another; zeros are skipped): changes other than the combination's own net (TeamAggregate: what two
   * records differ by in the combination when groups of its cells leave the pool, before or after this batch). The
   * raters' changes are read once for both.
   */
  boolean combinationFewerThanExplain(long[] terms, long[] signs, boolean withSquares, int limit, long[] targets) {
    return combinationFewerThanExplain(terms, signs, withSquares, limit, targets, 0, targets.length, true);
  }

  /**
   * Whether fewer than {@code limit} of the raters pending on the combination's terms, read as {@link
   * #combinationFewerThanExplain} reads them, one of them with an uncounted change on {@code uncountedOn} (a
   * withdrawal there), make one of the {@code targets} from {@code from} to {@code to} exactly: in the folded n, the
   * sum and the squares (or the sum again) at once. Zero targets are skipped.
   */
  boolean combinationFewerThanMakeExactly(long[] terms, long[] signs, boolean withSquares, int limit,
      long[] targets, int from, int to, long uncountedOn) {
    Scratch scratch = null;
    long[] deltas = null;
    boolean[] marked = null;
    long[] others = null;
    int count = 0;
    for (int at = from; at < to; at += 3) {
      if (targets[at] == 0 && targets[at + 1] == 0 && targets[at + 2] == 0) {
        continue;
      }
      if (deltas == null) {
        scratch = scratch();
        deltas = scratch.deltas(size * 3);
        marked = scratch.counted(size);
        count = combinationDeltas(terms, signs, withSquares, deltas, null, uncountedOn, marked);
        others = scratch.countedOnly(count * 3);
      }
      for (int u = 0; u < count; u++) {
        if (!marked[u]) {
          continue;
        }
        long n = targets[at] - deltas[u * 3];
        long sum = targets[at + 1] - deltas[u * 3 + 1];
        long squares = targets[at + 2] - deltas[u * 3 + 2];
        if (n == 0 && sum == 0 && squares == 0) {
          return true;
        }
        int rest = 0;
        for (int i = 0; i < count; i++) {
          if (i != u) {
            System.arraycopy(deltas, i * 3, others, rest * 3, 3);
            rest++;
          }
        }
        if (limit > 2 && someFewerAddUpTo(scratch, others, rest, limit - 1, n, sum, squares, EXACTLY)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * {@link #combinationFewerThanExplain(long[], long[], boolean, int, long[])} with the targets from {@code from} to
   * {@code to} of {@code targets}, and the combination's own net change checked only when {@code checkNet} (not where
   * the terms are what two records differ by only with the targets).
   */
  boolean combinationFewerThanExplain(long[] terms, long[] signs, boolean withSquares, int limit, long[] targets,
      int from, int to, boolean checkNet) {
    Scratch scratch = scratch();
    long[] deltas = scratch.deltas(size * 3);
    boolean[] counted = scratch.counted(size);
    int count = combinationDeltas(terms, signs, withSquares, deltas, counted);
    long[] net = total(deltas, count, scratch.net);
    long[] countedOnly = scratch.countedOnly(count * 3);
    long[] uncounted = zeroed(scratch.uncounted);
    int countedCount = splitCounted(deltas, count, counted, countedOnly, uncounted);
    boolean still = net[0] == 0 && net[1] == 0 && net[2] == 0;
    if (checkNet && !still && (countedCount < limit
        || someFewerAddUpTo(scratch, deltas, count, limit, net[0], net[1], net[2], WITH_COUNTS))) {
      return true;
    }
    // A combination that does not move although fewer than limit raters' changes in it are not nothing: published,
    // it shows that those changes cancel, one rater's against another's (thirty-eighth review: a victim's leader
    // change and the attacker's manager change that left selfBalance where it was).
    if (checkNet && still && count > 0 && count < limit) {
      return true;
    }
    // Read with counts, a target is made only by raters whose n add up to its n: the n that fewer than limit raters
    // make are listed once for all the targets (most targets, less whole groups' parts, are out of their reach).
    int reached = to - from > 3 ? reachableCount(count, limit) : -1;
    long[] reachable = reached >= 0 ? reachable(deltas, count, limit, 0, scratch.sums(reached)) : null;
    boolean anyUncounted = uncounted[0] != 0 || uncounted[1] != 0 || uncounted[2] != 0;
    for (int at = from; at < to; at += 3) {
      if (targets[at] == 0 && targets[at + 1] == 0 && targets[at + 2] == 0) {
        continue;
      }
      if ((reachable == null || contains(reachable, reached, targets[at]))
          && someFewerAddUpTo(scratch, deltas, count, limit, targets[at], targets[at + 1], targets[at + 2],
              WITH_COUNTS)) {
        return true;
      }
      // Less what the uncounted raters changed, as a part's own check reads it: a rater withdrawn and sent again
      // under a new id with an edit is two changes of one person (twenty-ninth review).
      if (anyUncounted) {
        long n = targets[at] - uncounted[0];
        long sum = targets[at + 1] - uncounted[1];
        long squares = targets[at + 2] - uncounted[2];
        if (n == 0 && readsAsNothing(sum, squares)
            || someFewerAddUpTo(scratch, countedOnly, countedCount, limit, n, sum, squares, WITH_COUNTS)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Writes, one after the other into {@code deltas}, every pending rater's change in the combination that is not
   * nothing, and (unless null) into {@code counted}, at the same index, whether that rater counts towards N on one of
   * the terms' parts; returns how many.
   */
  private int combinationDeltas(long[] terms, long[] signs, boolean withSquares, long[] deltas, boolean[] counted) {
    return combinationDeltas(terms, signs, withSquares, deltas, counted, 0, null);
  }

  /**
   * {@link #combinationDeltas(long[], long[], boolean, long[], boolean[])}, also writing into {@code marked} (unless
   * null) whether each rater has an uncounted change on {@code uncountedOn}.
   */
  private int combinationDeltas(long[] terms, long[] signs, boolean withSquares, long[] deltas, boolean[] counted,
      long uncountedOn, boolean[] marked) {
    boolean summed = true;
    for (long sign : signs) {
      summed &= sign > 0;
    }
    long anyTerm = 0;
    for (long term : terms) {
      anyTerm |= term;
    }
    int count = 0;
    for (int i = 0; i < size; i++) {
      if ((orderParts[i] & anyTerm) == 0) {
        continue; // pending elsewhere only (most of a team's pending raters): nothing in the combination
      }
      Rater pending = order[i];
      long n = 0;
      long sum = 0;
      long squares = 0;
      boolean counts = false;
      for (int t = 0; t < terms.length; t++) {
        long termN = 0;
        for (long on = pending.parts & terms[t]; on != 0; on &= on - 1) {
          int part = Long.numberOfTrailingZeros(on);
          counts |= (pending.counted & (1L << part)) != 0;
          long[] group = pending.changesIn(part);
          if (group != null) {
            int from = part % TeamAggregate.CELLS * 3;
            termN += group[from];
            sum += signs[t] * group[from + 1];
            squares += signs[t] * group[from + 2];
          }
        }
        n += termN(termN, t, summed);
      }
      if (!withSquares) {
        squares = sum;
      }
      if (n == 0 && sum == 0 && squares == 0) {
        continue;
      }
      deltas[count * 3] = n;
      deltas[count * 3 + 1] = sum;
      deltas[count * 3 + 2] = squares;
      if (counted != null) {
        counted[count] = counts;
      }
      if (marked != null) {
        marked[count] = (pending.parts & ~pending.counted & uncountedOn) != 0;
      }
      count++;
    }
    return count;
  }

  /**
   * A term's n as a combination reads it, folded into one figure that adds up as the tuples do: where the terms are
   * all summed ({@code summed}), their n added up, as one cell of them all would show it; else each term's n on its
   * own, weighted (equal figures are equal tuples but with a chance of 2^-64: then a batch waits that need not).
   */
  static long termN(long n, int term, boolean summed) {
    return summed ? n : n * TERM_WEIGHTS[term];
  }

  /** Odd 64-bit weights, one per term of a combination, that fold the terms' n into one figure. */
  private static final long[] TERM_WEIGHTS = {1L, 0x9E3779B97F4A7C15L, 0xBF58476D1CE4E5B9L, 0x94D049BB133111EBL,
      0xD6E8FEB86659FD93L, 0xA0761D6478BD642FL, 0xE7037ED1A0B428DBL, 0x8EBC6AF09C88C6E3L};

  /** Distinct raters pending on any of the parts. */
  int countAny(long parts) {
    int count = 0;
    for (int i = 0; i < size; i++) {
      if ((orderParts[i] & parts) != 0) {
        count++;
      }
    }
    return count;
  }

  /**
   * How many raters are pending: with {@link #rater} the callers read them in place, in the order they came (every
   * publication and every check of linked cells reads them, and a list per read was a tenth of a replay's garbage).
   */
  int size() {
    return size;
  }

  /** The {@code i}th pending rater, {@code i} below {@link #size}. */
  Rater rater(int i) {
    return order[i];
  }

  /** The {@code i}th pending rater's parts ({@link Rater#parts}), read without reading the rater. */
  long partsOf(int i) {
    return orderParts[i];
  }

  /** The part was published: none of its raters is pending on it any more. */
  void published(int part) {
    long bit = 1L << part;
    partRaters[part] = 0;
    int kept = 0;
    for (int i = 0; i < size; i++) {
      Rater pending = order[i];
      if ((orderParts[i] & bit) != 0) {
        pending.packedAt = -1;
        pending.parts &= ~bit;
        pending.moved &= ~bit;
        pending.forget(part);
        recount(pending, CELL_PARTS << (part % TeamAggregate.CELLS));
        if (pending.parts == 0) {
          raters.remove(pending.id);
          leave(pending);
          continue;
        }
      }
      place(pending, kept++);
    }
    Arrays.fill(order, kept, size, null);
    size = kept;
  }

  /**
   * Packs as: per rater, the id (a pseudonym as -1 and its 32 bytes, any other id as its UTF-8 length and bytes, the
   * only form before change 35), parts (or, when some are pending by moves, their complement, negative, then the
   * moved parts: state written before moves were told apart has none; with {@link #CHANGED_SINCE_MOVED} set when
   * some of them changed since their move, then those parts), presence as published and now (the pending parts'
   * bits only for the former), then n, sum and sum of squares of each pending part in part order, then those of the
   * pending change as the move left it of each part changed since its move (state written before then has none: a
   * moved part's change was the move); all numbers zig-zag varints. A rater unchanged since the last pack is copied
   * from it ({@link Rater#packedAt}).
   */
  ByteBuffer pack() {
    if (size == 0) {
      lastPacked = null;
      lastPackedSize = 0;
      return ByteBuffer.allocate(0);
    }
    // Room for what the last pack wrote and a rater more, most often enough.
    Varints out = new Varints(lastPackedSize + 64);
    for (int i = 0; i < size; i++) {
      Rater pending = order[i];
      int start = out.size;
      if (pending.packedAt >= 0) {
        out.copy(lastPacked, pending.packedAt, pending.packedLength);
      } else {
        write(out, pending);
      }
      pending.packedAt = start;
      pending.packedLength = out.size - start;
    }
    // Never written again: the buffer returned wraps it, and the next pack writes a new array.
    lastPacked = out.bytes;
    lastPackedSize = out.size;
    return out.toBuffer();
  }

  /** Writes one pending rater as {@link #pack} describes. */
  private static void write(Varints out, Rater pending) {
    out.writeRater(pending.id);
    long changedSinceMoved = 0;
    long editsApart = 0;
    for (long on = pending.moved; on != 0; on &= on - 1) {
      int part = Long.numberOfTrailingZeros(on);
      if (pending.changedSinceMove(part)) {
        changedSinceMoved |= 1L << part;
      }
      if (!pending.editsSinceMove(part)) {
        editsApart |= 1L << part;
      }
    }
    if (pending.moved == 0) {
      out.write(pending.parts);
    } else {
      out.write(~pending.parts);
      out.write(pending.moved | (changedSinceMoved == 0 ? 0 : CHANGED_SINCE_MOVED)
          | (editsApart == 0 ? 0 : EDITS_APART));
      if (changedSinceMoved != 0) {
        out.write(changedSinceMoved);
      }
      if (editsApart != 0) {
        out.write(editsApart);
      }
    }
    out.write(pending.presentAsPublished & pending.parts);
    out.write(pending.presentNow);
    writeDeltas(out, pending.parts, pending.byGroup);
    writeDeltas(out, changedSinceMoved, pending.movedByGroup);
    writeDeltas(out, editsApart, pending.editByGroup);
  }

  /** Writes the changes of the parts (n, sum and sum of squares of each) kept in a {@link Rater}'s arrays per group. */
  private static void writeDeltas(Varints out, long parts, long[][] groups) {
    for (long on = parts; on != 0; on &= on - 1) {
      int at = Long.numberOfTrailingZeros(on) * 3;
      for (int i = at; i < at + 3; i++) {
        out.write(Rater.valueAt(groups, i));
      }
    }
  }

  /** Reads what {@link #writeDeltas} wrote into a {@link Rater}'s arrays per group. */
  private static void readDeltas(ByteBuffer in, long[][] groups, long parts) {
    for (long on = parts; on != 0; on &= on - 1) {
      int at = Long.numberOfTrailingZeros(on) * 3;
      for (int i = at; i < at + 3; i++) {
        Rater.setAt(groups, i, PackedCounters.readVarint(in, WHAT));
      }
    }
  }

  /**
   * Whether the checks read the squares ({@link ScoringConfig#withholdsSd} off) or the sums in their place: a team
   * sets it on the changes it holds or unpacks.
   */
  void readSquares(boolean read) {
    if (squaresRead != read) {
      squaresRead = read;
      for (int i = 0; i < size; i++) {
        recount(order[i], order[i].parts);
      }
    }
  }

  static PendingChanges unpack(ByteBuffer packed) {
    PendingChanges changes = new PendingChanges();
    ByteBuffer in = packed.duplicate();
    while (in.hasRemaining()) {
      String raterId = readRater(in);
      Rater pending = new Rater();
      long parts = PackedCounters.readVarint(in, WHAT);
      long changedSinceMoved = 0;
      long editsApart = 0;
      if (parts < 0) {
        pending.parts = ~parts;
        long moved = PackedCounters.readVarint(in, WHAT);
        pending.moved = moved & pending.parts;
        if ((moved & CHANGED_SINCE_MOVED) != 0) {
          changedSinceMoved = PackedCounters.readVarint(in, WHAT) & pending.moved;
        }
        if ((moved & EDITS_APART) != 0) {
          editsApart = PackedCounters.readVarint(in, WHAT) & pending.moved;
        }
      } else {
        pending.parts = parts;
      }
      pending.presentAsPublished = PackedCounters.readVarint(in, WHAT);
      pending.presentNow = PackedCounters.readVarint(in, WHAT);
      for (long on = pending.parts; on != 0; on &= on - 1) {
        int at = Long.numberOfTrailingZeros(on) * 3;
        pending.addDelta(at, PackedCounters.readVarint(in, WHAT));
        pending.addDelta(at + 1, PackedCounters.readVarint(in, WHAT));
        pending.addDelta(at + 2, PackedCounters.readVarint(in, WHAT));
      }
      // A moved part's change is the move unless packed otherwise (and always, as state written before then), and
      // its edits what changed since the move; a part not moved is all edits.
      pending.markMoved(pending.moved);
      if (pending.moved != 0) {
        readDeltas(in, pending.movedByGroup, changedSinceMoved);
        for (long on = pending.parts; on != 0; on &= on - 1) {
          int at = Long.numberOfTrailingZeros(on) * 3;
          for (int i = at; i < at + 3; i++) {
            Rater.setAt(pending.editByGroup, i, pending.delta(i) - pending.movedDelta(i));
          }
        }
        readDeltas(in, pending.editByGroup, editsApart);
      }
      for (int part = 0; part < TeamAggregate.PARTS; part++) {
        if ((pending.parts & (1L << part)) != 0) {
          changes.partRaters[part]++;
        }
      }
      changes.recount(pending, pending.parts);
      pending.id = raterId;
      Rater earlier = changes.raters.put(raterId, pending);
      if (earlier == null) {
        changes.append(pending);
      } else {
        // Never packed so; read as a map of the raters read it, the later entry in the earlier one's place, and the
        // earlier entry no longer counted on its parts.
        changes.place(pending, earlier.slot);
        for (long on = earlier.parts; on != 0; on &= on - 1) {
          changes.partRaters[Long.numberOfTrailingZeros(on)]--;
        }
        for (long on = earlier.counted; on != 0; on &= on - 1) {
          changes.partCounted[Long.numberOfTrailingZeros(on)]--;
        }
      }
    }
    return changes;
  }

  /** A pending rater's id as {@link Varints#writeRater} wrote it, or as earlier versions did (its UTF-8 text). */
  private static String readRater(ByteBuffer in) {
    long length = PackedCounters.readVarint(in, WHAT);
    if (length == PSEUDONYM && in.remaining() >= RaterPseudonym.PACKED_LENGTH) {
      byte[] packed = new byte[RaterPseudonym.PACKED_LENGTH];
      in.get(packed);
      return RaterPseudonym.unpack(packed, 0);
    }
    if (length < 0 || length > in.remaining()) {
      throw PackedCounters.incompatible(WHAT, "a rater id of " + length + " bytes where " + in.remaining()
          + " remain");
    }
    byte[] id = new byte[(int) length];
    in.get(id);
    return new String(id, StandardCharsets.UTF_8);
  }

  /** Zig-zag varints (PackedCounters' encoding) into a growing array. */
  private static final class Varints {
    private byte[] bytes;
    private int size;

    Varints(int capacity) {
      bytes = new byte[capacity];
    }

    /** Bytes packed before, as they are. */
    void copy(byte[] from, int at, int length) {
      ensure(length);
      System.arraycopy(from, at, bytes, size, length);
      size += length;
    }

    void write(long value) {
      ensure(PackedCounters.MAX_VARINT_BYTES);
      size = PackedCounters.writeVarint(value, bytes, size);
    }

    /** A rater id: a pseudonym as {@link #PSEUDONYM} and its 32 bytes, any other id as its UTF-8 length and bytes. */
    void writeRater(String raterId) {
      ensure(1 + RaterPseudonym.PACKED_LENGTH);
      if (RaterPseudonym.pack(raterId, bytes, size + 1)) {
        size = PackedCounters.writeVarint(PSEUDONYM, bytes, size) + RaterPseudonym.PACKED_LENGTH;
        return;
      }
      byte[] raw = raterId.getBytes(StandardCharsets.UTF_8);
      write(raw.length);
      ensure(raw.length);
      System.arraycopy(raw, 0, bytes, size, raw.length);
      size += raw.length;
    }

    private void ensure(int more) {
      if (size + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }

    ByteBuffer toBuffer() {
      return ByteBuffer.wrap(bytes, 0, size).slice();
    }
  }
}

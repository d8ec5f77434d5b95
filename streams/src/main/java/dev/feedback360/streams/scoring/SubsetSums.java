package dev.feedback360.streams.scoring;

import java.util.Arrays;

/**
 * The subset searches of the pending raters' checks ({@link PendingChanges}, which the publication rule's checks in
 * {@link PublicationChecks} call): whether 1 to {@code limit - 1} raters' changes, each an (n, sum, sum of squares)
 * one after another in an array of deltas, add up to a net change or to one of several targets, read as a record
 * lets a reader read them ({@link #EXACTLY}, {@link #AS_READ}, {@link #WITH_COUNTS}); and the bookkeeping of those
 * deltas that the checks share (counted and uncounted raters, totals). Pure functions of their arguments; the arrays
 * they need are the calling thread's ({@link Scratch}).
 */
final class SubsetSums {

  private SubsetSums() {}

  /**
   * {@link #someFewerAddUpTo} in the {@link #AS_READ} reading (the sum or the squares, whatever the count), with pairs
   * found through the sums seen so far instead of trying every two: a part's check runs on every change that touches
   * it, over all of the part's pending raters, and every two of them took a sixth of the fast replay's CPU.
   */
  static boolean someFewerAddUpToAsRead(Scratch scratch, long[] deltas, int count, int limit, long sum,
      long sumOfSquares) {
    if (limit <= 1) {
      return false;
    }
    for (int i = 0; i < count; i++) {
      if (deltas[i * 3 + 1] == sum || deltas[i * 3 + 2] == sumOfSquares) {
        return true;
      }
    }
    if (limit > 2 && (pairAddsUpTo(scratch.seen, deltas, count, 1, sum)
        || pairAddsUpTo(scratch.seen, deltas, count, 2, sumOfSquares))) {
      return true;
    }
    for (int size = 3; size < limit; size++) {
      if (someAddUpTo(deltas, count, size, 0, 0, sum, sumOfSquares, AS_READ)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether two of the first {@code count} deltas' {@code figure} (1: sum, 2: squares) add up to {@code target}:
   * every two tried where they are few ({@link #PAIRS_SEEN_FROM}), else each looked up among those seen before it.
   */
  private static boolean pairAddsUpTo(LongSet seen, long[] deltas, int count, int figure, long target) {
    if (count < PAIRS_SEEN_FROM) {
      for (int i = 3 + figure; i < count * 3; i += 3) {
        long wanted = target - deltas[i];
        for (int j = figure; j < i; j += 3) {
          if (deltas[j] == wanted) {
            return true;
          }
        }
      }
      return false;
    }
    seen.clear();
    for (int i = 0; i < count; i++) {
      long value = deltas[i * 3 + figure];
      if (seen.contains(target - value)) {
        return true;
      }
      seen.add(value);
    }
    return false;
  }

  /**
   * Whether 1 to {@code limit - 1} of the deltas make (n, sum, sumOfSquares) as {@link #readsAsNothing} reads: by the
   * lists of the sums and squares they reach where there are lists, else by a search.
   */
  static boolean fewerMake(Scratch scratch, long[] deltas, int count, int limit, long[] sums, long[] squares,
      int reached, long n, long sum, long sumOfSquares) {
    return sums != null ? contains(sums, reached, sum) || contains(squares, reached, sumOfSquares)
        : someFewerAddUpTo(scratch, deltas, count, limit, n, sum, sumOfSquares, AS_READ);
  }

  /**
   * Marks as not counted every counted delta of the batch (the first {@code count}) that is exactly the opposite of
   * a so far unpaired uncounted one (of the batch, or up to {@code end} from elsewhere in the cell; each pairs
   * once); returns how many of the batch's deltas still count. {@code paired}: false over {@code end}, for the
   * pairs.
   */
  static int uncountPairs(long[] deltas, boolean[] counted, int count, int end, boolean[] paired) {
    boolean anyUncounted = false;
    for (int j = 0; j < end && !anyUncounted; j++) {
      anyUncounted = !counted[j];
    }
    if (!anyUncounted) {
      return count; // nothing to pair with (most batches)
    }
    int stillCounted = 0;
    for (int i = 0; i < count; i++) {
      if (!counted[i]) {
        continue;
      }
      for (int j = 0; j < end; j++) {
        if (!counted[j] && !paired[j] && deltas[i * 3] == -deltas[j * 3] && deltas[i * 3 + 1] == -deltas[j * 3 + 1]
            && deltas[i * 3 + 2] == -deltas[j * 3 + 2]) {
          paired[j] = true;
          paired[i] = true;
          break;
        }
      }
      if (!paired[i]) {
        stillCounted++;
      }
    }
    for (int i = 0; i < count; i++) {
      if (paired[i]) {
        counted[i] = false;
      }
    }
    return stillCounted;
  }

  /** How {@link #someAddUpTo} compares: in the count, the sum and the squares. */
  static final int EXACTLY = 0;
  /** How {@link #someAddUpTo} compares: as {@link #readsAsNothing} reads, whatever the count. */
  static final int AS_READ = 1;
  /** How {@link #someAddUpTo} compares: as {@link #readsAsNothing} reads, and in the count too. */
  static final int WITH_COUNTS = 2;

  /**
   * Whether a difference of (sum, sumOfSquares) between two records reads as none to an attacker: none in the sum
   * of scores (what a mean times its n gives), or none in the sum of squares (what the spread gives with them),
   * whatever the count does. So changes "add up to" a net change when they match it in either reading: two raters'
   * corrections that cancel in the sum but not in the squares (2 -> 3 and 4 -> 3) leave two means whose difference,
   * times n, is a third rater's answers (fourteenth review); and two that cancel in the sum and the squares but not in
   * the count (a blank filled in with 4, and 3, 3 lowered to 1, 1) leave a third rater's sum and squares, from which
   * their answers follow (twenty-second review). The count alone says how many scores changed, not what they are.
   */
  static boolean readsAsNothing(long sum, long sumOfSquares) {
    return sum == 0 || sumOfSquares == 0;
  }

  /**
   * Whether 1 to {@code limit - 1} of the deltas add up to (n, sum, sumOfSquares) in the {@code reading}. Pairs are
   * found through the deltas seen so far where there are many (every two of them was the team side's costliest
   * search: a combination's check runs it per target); larger subsets by trying them.
   */
  static boolean someFewerAddUpTo(Scratch scratch, long[] deltas, int count, int limit, long n, long sum,
      long sumOfSquares, int reading) {
    if (reading == AS_READ) {
      return someFewerAddUpToAsRead(scratch, deltas, count, limit, sum, sumOfSquares);
    }
    for (int size = 1; size < limit; size++) {
      if (size == 2 && count >= PAIRS_SEEN_FROM ? pairMakes(scratch, deltas, count, n, sum, sumOfSquares, reading)
          : someAddUpTo(deltas, count, size, 0, n, sum, sumOfSquares, reading)) {
        return true;
      }
    }
    return false;
  }

  /** The fewest deltas whose pairs {@link #pairMakes} finds; fewer, and trying every two is as quick. */
  private static final int PAIRS_SEEN_FROM = 8;

  /**
   * Whether two of the first {@code count} deltas add up to (n, sum, sumOfSquares) {@link #EXACTLY} or {@link
   * #WITH_COUNTS}: in the count and the sum (and, exactly, the squares), or with counts in the count and the squares.
   */
  private static boolean pairMakes(Scratch scratch, long[] deltas, int count, long n, long sum, long sumOfSquares,
      int reading) {
    return pairMakesIn(scratch, deltas, count, n, sum, 1, reading == EXACTLY, sumOfSquares)
        || reading == WITH_COUNTS && pairMakesIn(scratch, deltas, count, n, sumOfSquares, 2, false, 0);
  }

  /**
   * Whether two deltas add up to {@code n} in the count and {@code target} in the {@code figure} (1: sum, 2: squares),
   * and, {@code exactly}, to {@code squares} in the squares: each delta looked up, by its count and figure, among
   * those before it, in a table of chains (the scratch's), and every match checked in full.
   */
  private static boolean pairMakesIn(Scratch scratch, long[] deltas, int count, long n, long target, int figure,
      boolean exactly, long squares) {
    int slots = Integer.highestOneBit(count * 2 - 1) * 2;
    int[] heads = scratch.heads(slots);
    int[] next = scratch.next(count);
    Arrays.fill(heads, 0, slots, -1);
    int mask = slots - 1;
    for (int i = 0; i < count; i++) {
      long wantN = n - deltas[i * 3];
      long wantFigure = target - deltas[i * 3 + figure];
      for (int j = heads[slotOf(wantN, wantFigure, mask)]; j >= 0; j = next[j]) {
        if (deltas[j * 3] == wantN && deltas[j * 3 + figure] == wantFigure
            && (!exactly || deltas[i * 3 + 2] + deltas[j * 3 + 2] == squares)) {
          return true;
        }
      }
      int slot = slotOf(deltas[i * 3], deltas[i * 3 + figure], mask);
      next[i] = heads[slot];
      heads[slot] = i;
    }
    return false;
  }

  private static int slotOf(long n, long figure, int mask) {
    long h = (n * 0x9E3779B97F4A7C15L + figure) * 0xBF58476D1CE4E5B9L;
    return (int) (h ^ h >>> 32) & mask;
  }

  /**
   * Whether {@code size} of the deltas from index {@code from} on add up to (n, sum, sumOfSquares) in the {@code
   * reading}: {@link #EXACTLY} in all three, {@link #AS_READ} as {@link #readsAsNothing} reads, {@link #WITH_COUNTS}
   * so and in the count too.
   */
  private static boolean someAddUpTo(long[] deltas, int count, int size, int from, long n, long sum,
      long sumOfSquares, int reading) {
    if (size == 0) {
      return isNothing(n, sum, sumOfSquares, reading);
    }
    // One and two deltas, most of the searches (N = 3), in loops: the JIT inlines a recursive call only once.
    if (size == 1) {
      for (int i = from * 3; i < count * 3; i += 3) {
        if (isNothing(n - deltas[i], sum - deltas[i + 1], sumOfSquares - deltas[i + 2], reading)) {
          return true;
        }
      }
      return false;
    }
    if (size == 2) {
      for (int i = from * 3; i < (count - 1) * 3; i += 3) {
        long restN = n - deltas[i];
        long restSum = sum - deltas[i + 1];
        long restSquares = sumOfSquares - deltas[i + 2];
        for (int j = i + 3; j < count * 3; j += 3) {
          if (isNothing(restN - deltas[j], restSum - deltas[j + 1], restSquares - deltas[j + 2], reading)) {
            return true;
          }
        }
      }
      return false;
    }
    for (int i = from; i <= count - size; i++) {
      if (someAddUpTo(deltas, count, size - 1, i + 1, n - deltas[i * 3], sum - deltas[i * 3 + 1],
          sumOfSquares - deltas[i * 3 + 2], reading)) {
        return true;
      }
    }
    return false;
  }

  /** Whether what is left of a target, once some deltas are taken off it, is nothing in the {@code reading}. */
  private static boolean isNothing(long n, long sum, long sumOfSquares, int reading) {
    return reading == EXACTLY ? n == 0 && sum == 0 && sumOfSquares == 0
        : reading == WITH_COUNTS ? n == 0 && readsAsNothing(sum, sumOfSquares)
        : readsAsNothing(sum, sumOfSquares);
  }

  /**
   * Copies the first {@code count} deltas that {@code counted} marks to the front of {@code into}, adds the others
   * into {@code uncounted} (n, sum and sum of squares), and returns how many were copied.
   */
  static int splitCounted(long[] deltas, int count, boolean[] counted, long[] into, long[] uncounted) {
    int copied = 0;
    for (int i = 0; i < count; i++) {
      if (counted[i]) {
        System.arraycopy(deltas, i * 3, into, copied++ * 3, 3);
      } else {
        for (int figure = 0; figure < 3; figure++) {
          uncounted[figure] += deltas[i * 3 + figure];
        }
      }
    }
    return copied;
  }

  /** The first {@code count} deltas (n, sum and sum of squares, one after another) summed into {@code total}. */
  static long[] total(long[] deltas, int count, long[] total) {
    zeroed(total);
    for (int i = 0; i < count * 3; i += 3) {
      total[0] += deltas[i];
      total[1] += deltas[i + 1];
      total[2] += deltas[i + 2];
    }
    return total;
  }

  static long[] zeroed(long[] figures) {
    Arrays.fill(figures, 0);
    return figures;
  }

  /** At most this many sums are listed by {@link #reachable}; more, and every target is searched. */
  private static final int REACHABLE_LIMIT = 1024;

  /**
   * How many sums {@link #reachable} lists for 1 to {@code limit - 1} of {@code count} deltas, or -1 when that would
   * be more than {@link #REACHABLE_LIMIT}.
   */
  static int reachableCount(int count, int limit) {
    long subsets = 0;
    long ofSize = 1;
    for (int size = 1; size < limit && subsets <= REACHABLE_LIMIT; size++) {
      ofSize = ofSize * (count - size + 1) / size;
      subsets += ofSize;
    }
    return subsets > REACHABLE_LIMIT ? -1 : (int) subsets;
  }

  /**
   * Writes into {@code sums} the {@code figure} (0: n, 1: sum, 2: squares) of every 1 to {@code limit - 1} of the
   * deltas summed (with repeats), {@link #reachableCount} of them, and returns {@code sums}.
   */
  static long[] reachable(long[] deltas, int count, int limit, int figure, long[] sums) {
    int end = 0;
    for (int size = 1; size < limit; size++) {
      end = list(deltas, figure, count, size, 0, 0, sums, end);
    }
    return sums;
  }

  private static int list(long[] deltas, int figure, int count, int size, int from, long value, long[] sums, int end) {
    if (size == 0) {
      sums[end] = value;
      return end + 1;
    }
    // One and two deltas in loops, in the order the recursion lists them ({@link #someAddUpTo}).
    if (size == 1) {
      for (int i = from * 3 + figure; i < count * 3; i += 3) {
        sums[end++] = value + deltas[i];
      }
      return end;
    }
    if (size == 2) {
      for (int i = from * 3 + figure; i < (count - 1) * 3; i += 3) {
        long first = value + deltas[i];
        for (int j = i + 3; j < count * 3; j += 3) {
          sums[end++] = first + deltas[j];
        }
      }
      return end;
    }
    for (int i = from; i <= count - size; i++) {
      end = list(deltas, figure, count, size - 1, i + 1, value + deltas[i * 3 + figure], sums, end);
    }
    return end;
  }

  /** Whether one of the first {@code count} values is {@code value}. */
  static boolean contains(long[] values, int count, long value) {
    for (int i = 0; i < count; i++) {
      if (values[i] == value) {
        return true;
      }
    }
    return false;
  }
}

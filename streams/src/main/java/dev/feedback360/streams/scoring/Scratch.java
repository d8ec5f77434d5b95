package dev.feedback360.streams.scoring;

import static dev.feedback360.streams.scoring.TeamAggregate.GROUPS;
import static dev.feedback360.streams.scoring.TeamAggregate.PARTS;
import static dev.feedback360.streams.scoring.TeamAggregate.RATER_TALLY_LENGTH;

import java.util.Arrays;

/**
 * Arrays a team's change and the publication rule's checks reuse instead of allocating their own, one set per thread
 * ({@link #of}): the checks run on every change that may publish, over all of the team's pending raters, and their
 * arrays were most of what the fast replay allocated (its collector's work); a team's state in memory (the fast
 * replay holds every team's) keeps none of its own. A team is changed by one thread at a time and no check runs
 * inside another, so each array serves one check at a time. Never read beyond what the check wrote.
 */
final class Scratch {

  private static final ThreadLocal<Scratch> OF_THREAD = ThreadLocal.withInitial(Scratch::new);

  /** The thread this scratch is for. */
  private final Thread thread = Thread.currentThread();

  /**
   * This thread's scratch: {@code last} where it is this thread's (a change asks for it tens of times, and a
   * thread-local lookup each time was a twentieth of the fast replay's team threads), else this thread's looked up.
   * A team is changed on one thread at a time; another thread looks its own up again.
   */
  static Scratch of(Scratch last) {
    return last != null && last.thread == Thread.currentThread() ? last : OF_THREAD.get();
  }

  // A change's own arrays (TeamAggregate#change).
  /** A change's participation figures before it ({@link TeamAggregate#participationFigures}). */
  final int[] participationBefore = new int[GROUPS * 3 + 1];
  /** A change's net effect per part ({@link TeamAggregate#sideNet}). */
  final long[] sideNet = new long[PARTS * 3];
  /** A change's rater's tally as read ({@link TeamAggregate#tallyAsRead}). */
  private int[] tallyAsRead = new int[RATER_TALLY_LENGTH];
  /** A change's rater's tally as the change moves it ({@link TeamAggregate#changedTally}). */
  private final int[] changedTally = new int[RATER_TALLY_LENGTH];

  // The team's checks (PublicationChecks): the targets of a copies check and the terms of a combination check.
  final Targets targets = new Targets();

  // The pending raters' checks (PendingChanges) and their subset searches (SubsetSums).
  long[] deltas = new long[96];
  boolean[] counted = new boolean[32];
  boolean[] paired = new boolean[32];
  long[] countedOnly = new long[96];
  long[] sums = new long[64];
  long[] squares = new long[64];
  final LongSet seen = new LongSet(16);
  /** A check's net change and its uncounted raters' changes (n, sum and sum of squares), zeroed per check. */
  final long[] net = new long[3];
  final long[] uncounted = new long[3];
  /** A rater's changes on a batch's parts, read only for whether there are any. */
  final long[] inBatch = new long[3];
  int[] heads = new int[64];
  int[] next = new int[32];

  int[] changedTally() {
    return changedTally;
  }

  int[] tallyAsRead(int length) {
    if (tallyAsRead.length != length) {
      tallyAsRead = new int[length];
    }
    return tallyAsRead;
  }

  long[] deltas(int length) {
    return deltas = atLeast(deltas, length);
  }

  boolean[] counted(int length) {
    return counted = atLeast(counted, length);
  }

  /** Cleared over {@code length}. */
  boolean[] paired(int length) {
    paired = atLeast(paired, length);
    Arrays.fill(paired, 0, length, false);
    return paired;
  }

  long[] countedOnly(int length) {
    return countedOnly = atLeast(countedOnly, length);
  }

  long[] sums(int length) {
    return sums = atLeast(sums, length);
  }

  long[] squares(int length) {
    return squares = atLeast(squares, length);
  }

  int[] heads(int length) {
    return heads = atLeast(heads, length);
  }

  int[] next(int length) {
    return next = atLeast(next, length);
  }

  /** {@code array}, or a new one of at least {@code length} (twice as long) where it is shorter: a scratch grown. */
  static long[] atLeast(long[] array, int length) {
    return length <= array.length ? array : new long[Math.max(length, array.length * 2)];
  }

  private static boolean[] atLeast(boolean[] array, int length) {
    return length <= array.length ? array : new boolean[Math.max(length, array.length * 2)];
  }

  private static int[] atLeast(int[] array, int length) {
    return length <= array.length ? array : new int[Math.max(length, array.length * 2)];
  }
}

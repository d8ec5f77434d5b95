package dev.feedback360.streams.scoring;

import static dev.feedback360.streams.scoring.TeamAggregate.GROUPS;

import java.util.Arrays;

/**
 * The targets of a copies check, {@code values} from {@code from} to {@code to}, and the terms of a combination
 * check ({@link PublicationChecks}), in arrays each thread reuses: the checks build them on every change that may
 * publish, and allocating them was a third of what the fast replay's team side allocated. Each is read before the
 * next check builds its own. One per thread, in its {@link Scratch}.
 */
final class Targets {
  long[] values = new long[96];
  int from;
  int to;
  /** What the checks add the targets from: the net change, and per other group its last published part. */
  final long[] net = new long[3];
  final long[] others = new long[GROUPS * 3];
  final int[] ways = new int[GROUPS];
  /** Per group publishing parts of a combination, those parts ({@link PublicationChecks#publishingGroupsLeaving}). */
  final long[] groupParts = new long[GROUPS];

  long[] values(int length) {
    return values = Scratch.atLeast(values, length);
  }

  /** No target. */
  Targets none() {
    from = 0;
    to = 0;
    return this;
  }

  /** Per number of terms (2 or 4): the terms a combination check reads, its staying terms, counts and weights. */
  private final long[][] terms = new long[5][];
  private final long[][] staying = new long[5][];
  private final long[][] counts = new long[5][];
  private final long[][] weights = new long[5][];

  long[] terms(int length) {
    return of(terms, length);
  }

  long[] staying(int length) {
    return of(staying, length);
  }

  /** Zeros. */
  long[] counts(int length) {
    long[] array = of(counts, length);
    Arrays.fill(array, 0);
    return array;
  }

  long[] weights(int length) {
    return of(weights, length);
  }

  private static long[] of(long[][] byLength, int length) {
    if (length >= byLength.length) {
      return new long[length];
    }
    if (byLength[length] == null) {
      byLength[length] = new long[length];
    }
    return byLength[length];
  }

  /** Empties {@link #net} and {@link #others} for a check to add into. */
  Targets cleared() {
    Arrays.fill(net, 0);
    Arrays.fill(others, 0);
    return this;
  }
}

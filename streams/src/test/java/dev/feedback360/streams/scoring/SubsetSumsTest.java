package dev.feedback360.streams.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SubsetSumsTest {

  @Test
  void shouldFindTheFewDeltasThatAddUpInEveryReadingAsEverySubsetWouldBeTried() {
    // The searches that find pairs through the deltas seen so far, against every subset of 1 to limit - 1 deltas
    // tried: in the sum or the squares whatever the count (the part check), and exactly or with the counts (the
    // combinations' checks). Small values, so that many subsets match, and up to 20 deltas, past where pairs are
    // looked up instead of tried.
    Random random = new Random(7);
    Scratch scratch = new Scratch();
    int[] readings = {SubsetSums.EXACTLY, SubsetSums.AS_READ, SubsetSums.WITH_COUNTS};
    int found = 0;
    for (int run = 0; run < 20_000; run++) {
      int count = random.nextInt(21);
      long[] deltas = new long[count * 3];
      for (int i = 0; i < deltas.length; i++) {
        deltas[i] = random.nextInt(9) - 4;
      }
      int limit = 1 + random.nextInt(4);
      long n = random.nextInt(9) - 4;
      long sum = random.nextInt(13) - 6;
      long squares = random.nextInt(13) - 6;
      for (int reading : readings) {
        boolean expected = everySubsetTried(deltas, count, limit, n, sum, squares, reading);
        found += expected ? 1 : 0;
        assertThat(SubsetSums.someFewerAddUpTo(scratch, deltas, count, limit, n, sum, squares, reading))
            .as("run %d, reading %d", run, reading).isEqualTo(expected);
        if (reading == SubsetSums.AS_READ) {
          assertThat(SubsetSums.someFewerAddUpToAsRead(scratch, deltas, count, limit, sum, squares))
              .as("run %d as read", run).isEqualTo(expected);
        }
      }
    }
    assertThat(found).as("runs where some deltas add up").isBetween(10_000, 50_000);
  }

  @Test
  void shouldListTheSumsOfEveryFewDeltasAsEverySubsetWouldGiveThem() {
    Random random = new Random(11);
    int listed = 0;
    for (int run = 0; run < 5_000; run++) {
      int count = random.nextInt(13);
      int limit = 1 + random.nextInt(4);
      int reachable = SubsetSums.reachableCount(count, limit);
      if (reachable < 0) {
        continue;
      }
      long[] deltas = new long[count * 3];
      for (int i = 0; i < deltas.length; i++) {
        deltas[i] = random.nextInt(41) - 20;
      }
      int figure = random.nextInt(3);
      long[] sums = SubsetSums.reachable(deltas, count, limit, figure, new long[reachable]);

      List<Long> expected = new ArrayList<>();
      for (long subset = 1; subset < 1L << count; subset++) {
        if (Long.bitCount(subset) < limit) {
          long sum = 0;
          for (int i = 0; i < count; i++) {
            sum += (subset & 1L << i) != 0 ? deltas[i * 3 + figure] : 0;
          }
          expected.add(sum);
        }
      }
      assertThat(Arrays.stream(sums).boxed().toList()).as("run %d", run).containsExactlyInAnyOrderElementsOf(expected);
      listed += reachable;
    }
    assertThat(listed).as("sums listed").isGreaterThan(50_000);
  }

  /** The model: whether some 1 to limit - 1 of the deltas, summed, leave (n, sum, squares) reading as nothing. */
  private static boolean everySubsetTried(long[] deltas, int count, int limit, long n, long sum, long squares,
      int reading) {
    for (long subset = 1; subset < 1L << count; subset++) {
      int size = Long.bitCount(subset);
      if (size >= limit) {
        continue;
      }
      long restN = n;
      long restSum = sum;
      long restSquares = squares;
      for (int i = 0; i < count; i++) {
        if ((subset & 1L << i) != 0) {
          restN -= deltas[i * 3];
          restSum -= deltas[i * 3 + 1];
          restSquares -= deltas[i * 3 + 2];
        }
      }
      boolean readsAsNothing = restSum == 0 || restSquares == 0;
      if (reading == SubsetSums.EXACTLY ? restN == 0 && restSum == 0 && restSquares == 0
          : reading == SubsetSums.WITH_COUNTS ? restN == 0 && readsAsNothing : readsAsNothing) {
        return true;
      }
    }
    return false;
  }
}

package dev.feedback360.streams.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TotalsTest {

  @Test
  void shouldWorkOutTheLeastSquaresACountAndSumAllowWhateverTheAnswers() {
    // Against every set of one to four answers from 1 to 5: the least squares of a count and sum is the least of the
    // sets that have them, and the sets as even as they can be have it.
    long[][] least = new long[5][21];
    for (long[] row : least) {
      Arrays.fill(row, Long.MAX_VALUE);
    }
    for (int n = 1; n <= 4; n++) {
      int[] answers = new int[n];
      Arrays.fill(answers, 1);
      while (answers[0] <= 5) {
        int sum = 0;
        long squares = 0;
        for (int answer : answers) {
          sum += answer;
          squares += (long) answer * answer;
        }
        least[n][sum] = Math.min(least[n][sum], squares);
        int at = n - 1;
        while (at > 0 && answers[at] == 5) {
          answers[at--] = 1;
        }
        answers[at]++;
      }
      for (int sum = n; sum <= 5 * n; sum++) {
        assertThat(Totals.leastSquares(n, sum)).as("n %d sum %d", n, sum).isEqualTo(least[n][sum]);
      }
    }
    assertThat(Totals.leastSquares(0, 0)).isZero();
    assertThat(Totals.leastSquares(2, 6)).isEqualTo(18);
    assertThat(Totals.leastSquares(2, 7)).isEqualTo(25);
  }

  @Test
  void shouldReadScoresOfOneValueByTheSumsAloneWhereTheSquaresAreNotRead() {
    // A lone 2 corrected to 3 and 3: one 4 added in the sums (review 74), not in the squares (14, not 16).
    assertThat(Totals.oneScoreValue(1, 4, 14)).isFalse();
    assertThat(Totals.oneScoreValue(1, 4, 14, true)).isFalse();
    assertThat(Totals.oneScoreValue(1, 4, 14, false)).isTrue();
    // 2 and 4 corrected to one 3 reads as one 3 taken away, as 3 and 3 to one 3 does.
    assertThat(Totals.oneScoreValue(-1, -3, -11, false)).isTrue();
    assertThat(Totals.oneScoreValue(-1, -3, -9, true)).isTrue();
    assertThat(Totals.oneScoreValue(-1, -3, -11, true)).isFalse();
    // No whole score, outside the scale, or no count: never.
    assertThat(Totals.oneScoreValue(2, 5, 13, false)).isFalse();
    assertThat(Totals.oneScoreValue(1, 6, 36, false)).isFalse();
    assertThat(Totals.oneScoreValue(-1, 0, 0, false)).isFalse();
    assertThat(Totals.oneScoreValue(0, 0, 2, false)).isFalse();
  }
}

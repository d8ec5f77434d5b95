package dev.feedback360.streams.privacy;

import dev.feedback360.streams.scoring.Totals;

/** Exact integer totals of scores on one cell: count, sum and sum of squares. */
record Contribution(int n, long sum, long sumOfSquares) {

  static final Contribution NONE = new Contribution(0, 0, 0);

  Contribution plus(Contribution other) {
    return new Contribution(n + other.n, sum + other.sum, sumOfSquares + other.sumOfSquares);
  }

  Contribution minus(Contribution other) {
    return new Contribution(n - other.n, sum - other.sum, sumOfSquares - other.sumOfSquares);
  }

  Contribution plusScore(int score) {
    return new Contribution(n + 1, sum + score, sumOfSquares + (long) score * score);
  }

  boolean isEmpty() {
    return n == 0;
  }

  /**
   * Whether a difference of this much reads as no difference where it counts to an attacker: in the sum (what a mean
   * times its n gives) or in the sum of squares (what the spread gives with them), whatever the count. Two raters'
   * corrections that cancel in the sum alone leave a mean difference that is a third rater's answers (the fourteenth
   * review); two that cancel in the sum and the squares while the count moves leave a third rater's sum and squares,
   * and so their answers (the twenty-second review). A count says how many scores changed, not what they are.
   */
  boolean readsAsNothing() {
    return sum == 0 || sumOfSquares == 0;
  }

  /** Whether this change is scores of one value, 1 to 5, added or taken away: count k, sum c k, squares c^2 k. */
  boolean oneScoreValue() {
    return oneScoreValue(false);
  }

  /**
   * {@link #oneScoreValue()}, or with {@code sumsOnly} as a reader of counts and sums alone reads it (sd withheld):
   * count k other than 0 and sum c k, whatever the squares.
   */
  boolean oneScoreValue(boolean sumsOnly) {
    for (int score = 1; score <= 5; score++) {
      if (isScoresOf(score, sumsOnly)) {
        return true;
      }
    }
    return false;
  }

  /** Whether this change is scores of {@code score} added or taken away (a count k other than 0, sum c k, squares c^2 k). */
  boolean isScoresOf(int score) {
    return n != 0 && sum == (long) score * n && sumOfSquares == (long) score * score * n;
  }

  /**
   * {@link #isScoresOf(int)}, or with {@code sumsOnly} by the count and sum alone (a count k other than 0, sum c k):
   * where sd is withheld a reader's readings about c ({@code sum - c n}) do not move with such a change, however its
   * scores spread.
   */
  boolean isScoresOf(int score, boolean sumsOnly) {
    return sumsOnly ? n != 0 && sum == (long) score * n : isScoresOf(score);
  }

  /**
   * This much as a reader of counts and sums alone sees it (sd withheld): the sum stands for the squares too, so that
   * every comparison and reading of the squares reads the sum again, and two contributions of the same count and sum
   * are equal.
   */
  Contribution sumsOnly() {
    return new Contribution(n, sum, sum);
  }

  /**
   * This much as the app's rule counts a response's cell where sd is withheld: with the least sum of squares its
   * count and sum allow (its scores as even as they can be; {@code Totals.leastSquares}).
   */
  Contribution leastSquares() {
    return new Contribution(n, sum, Totals.leastSquares(n, sum));
  }

  @Override
  public String toString() {
    return "(n=" + n + " sum=" + sum + " sq=" + sumOfSquares + ")";
  }
}

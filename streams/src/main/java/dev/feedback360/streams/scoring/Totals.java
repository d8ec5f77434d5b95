package dev.feedback360.streams.scoring;

import dev.feedback360.schemas.ResponseLimits;

/**
 * Exact integer sums of a set of Likert scores, from which mean and sample standard deviation are derived.
 *
 * @param n number of scores
 * @param sum sum of the scores
 * @param sumOfSquares sum of the squared scores
 */
public record Totals(long n, long sum, long sumOfSquares) {

  public static final Totals ZERO = new Totals(0, 0, 0);

  public Totals {
    requireConsistent(n, sum, sumOfSquares);
  }

  /**
   * Throws unless the numbers are totals of some scores: no negative count, nothing summed where nothing is counted.
   * What the constructor checks, for callers that keep totals in arrays and have no record to make.
   */
  public static void requireConsistent(long n, long sum, long sumOfSquares) {
    if (n < 0 || (n == 0 && (sum != 0 || sumOfSquares != 0))) {
      throw new IllegalStateException("Inconsistent totals n=" + n + " sum=" + sum + " sumOfSquares=" + sumOfSquares
          + ": a response was subtracted that was never added");
    }
  }

  /**
   * Whether a change of (n, sum, squares) is scores of one value added or taken away, and nothing else: the count
   * moved, and the sum by {@code c} times as much and the squares by {@code c} squared times as much, for a score
   * {@code c}. A cell's totals read about {@code c} ({@code sum - c n}, {@code squares - c^2 n}) do not move with it
   * (docs/privacy.md, "Scores of one value added or taken away count nowhere").
   */
  public static boolean oneScoreValue(long n, long sum, long squares) {
    return oneScoreValue(n, sum, squares, true);
  }

  /**
   * {@link #oneScoreValue(long, long, long)} as a reader who sees counts and sums only ({@code squaresRead} false,
   * where sd is withheld): the sum moved by a whole score {@code c} times the count, whatever the squares did. Such a
   * reader's readings about {@code c} ({@code sum - c n}) do not move with it, however the answers spread (review
   * 74: a correction of 2 and 4 to one 3 reads as one 3 taken away, as 3 and 3 to one 3 does).
   */
  public static boolean oneScoreValue(long n, long sum, long squares, boolean squaresRead) {
    if (n == 0 || sum % n != 0) {
      return false;
    }
    long score = sum / n;
    return score >= ResponseLimits.MIN_SCORE && score <= ResponseLimits.MAX_SCORE
        && (!squaresRead || squares == score * score * n);
  }

  /**
   * The least sum of squares of {@code n} whole scores adding up to {@code sum}: as even as they can be, {@code r} of
   * them one more than the other {@code n - r} ({@code sum = q n + r}). Where sd is withheld a response's cells are
   * counted with these in place of their answers' squares, so that nothing the pipeline decides can depend on how
   * the answers behind a count and sum spread (docs/privacy.md, "A spread of zero names the answers").
   */
  public static long leastSquares(long n, long sum) {
    if (n == 0) {
      return 0;
    }
    long q = Math.floorDiv(sum, n);
    long r = sum - q * n;
    return (n - r) * q * q + r * (q + 1) * (q + 1);
  }

  /** One score. */
  public static Totals of(int score) {
    return new Totals(1, score, (long) score * score);
  }

  /** These totals plus {@code sign} times the other (sign is 1 to add, -1 to subtract). */
  public Totals plus(Totals other, int sign) {
    return new Totals(n + sign * other.n, sum + sign * other.sum, sumOfSquares + sign * other.sumOfSquares);
  }

  /** The mean, or null when there is no score. */
  public Double mean() {
    return n == 0 ? null : (double) sum / n;
  }

  /**
   * The sample standard deviation (divisor n - 1), or null when n &lt; 2. The numerator n*sumOfSquares - sum^2 is
   * computed exactly in integers before the one division and square root.
   */
  public Double sampleStandardDeviation() {
    if (n < 2) {
      return null;
    }
    long numerator = n * sumOfSquares - sum * sum;
    return Math.sqrt((double) numerator / ((double) n * (n - 1)));
  }
}

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
    if (n == 0 || sum % n != 0) {
      return false;
    }
    long score = sum / n;
    return score >= ResponseLimits.MIN_SCORE && score <= ResponseLimits.MAX_SCORE && squares == score * score * n;
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

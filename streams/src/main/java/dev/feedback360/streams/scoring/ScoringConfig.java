package dev.feedback360.streams.scoring;

/**
 * How scores are published.
 *
 * @param minRaters the anonymity threshold k: a rater group counts only with at least k raters, and a cell's mean
 *     and standard deviation are published only when at least k distinct raters stand behind it
 * @param minChange N: the published part of a rater group in a cell changes only once at least N of the group's
 *     raters changed their contribution to that cell since it was last published (docs/privacy.md); 1 publishes
 *     every change
 * @param withholdsSd whether every cell's standard deviation is published as null (`--withhold-sd`): a published sd
 *     gives the cell's sum of squares, which says when the answers behind a cell, or behind the difference of two
 *     records less one rater's own change, are all one value, and so what each of those raters answered
 *     (docs/privacy.md, "A spread of zero names the answers"); means and counts are the same either way, and the
 *     rule then reads counts and sums only: each response is counted with the least squares its counts and sums
 *     allow ({@link Totals#leastSquares}), scores of one value are read by the sums, and the team's checks read the
 *     sums where they read the squares (no published figure moves with the squares alone)
 */
public record ScoringConfig(int minRaters, int minChange, boolean withholdsSd) {

  public static final int DEFAULT_MIN_RATERS = 3;
  /** Below this k, the command-line tools refuse to run without an explicit override. */
  public static final int SAFE_MIN_RATERS = 3;
  private static final int MAX = 1000;

  public ScoringConfig {
    if (minRaters < 1 || minRaters > MAX) {
      throw new IllegalArgumentException("--min-raters must be between 1 and " + MAX + ", got " + minRaters);
    }
    if (minChange < 1 || minChange > MAX) {
      throw new IllegalArgumentException("--min-change must be between 1 and " + MAX + ", got " + minChange);
    }
  }

  /** Threshold k and publication rule N, publishing each cell's sd. */
  public ScoringConfig(int minRaters, int minChange) {
    this(minRaters, minChange, false);
  }

  /** Threshold k with the default publication rule: N = k. */
  public ScoringConfig(int minRaters) {
    this(minRaters, minRaters);
  }

  public static ScoringConfig defaults() {
    return new ScoringConfig(DEFAULT_MIN_RATERS);
  }

  /** The same rule, with every cell's sd withheld or not. */
  public ScoringConfig withholdingSd(boolean withhold) {
    return new ScoringConfig(minRaters, minChange, withhold);
  }

  /** True when every change is published at once (N = 1): the exact live view, not safe against differencing. */
  public boolean publishesEveryChange() {
    return minChange == 1;
  }

  /**
   * True when N is 2: a batch may then be one rater's change beside another's, so a rater who corrects their own
   * answers reads the other rater's from two records (fifty-fourth review). Safe against readers who are no raters
   * only; N = 3 or more holds against one rater reading (docs/privacy.md, "Threat model").
   */
  public boolean letsOneRaterReadAnother() {
    return minChange == 2;
  }
}

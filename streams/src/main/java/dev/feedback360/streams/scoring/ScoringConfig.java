package dev.feedback360.streams.scoring;

/**
 * How scores are published.
 *
 * @param minRaters the anonymity threshold k: a non-self rater group counts only with at least k raters, and a
 *     cell's mean and standard deviation are published only when at least k distinct such raters stand behind it
 */
public record ScoringConfig(int minRaters) {

  public static final int DEFAULT_MIN_RATERS = 3;

  public ScoringConfig {
    if (minRaters < 1 || minRaters > 1000) {
      throw new IllegalArgumentException("--min-raters must be between 1 and 1000, got " + minRaters);
    }
  }

  public static ScoringConfig defaults() {
    return new ScoringConfig(DEFAULT_MIN_RATERS);
  }
}

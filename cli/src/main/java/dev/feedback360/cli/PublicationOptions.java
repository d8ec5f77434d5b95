package dev.feedback360.cli;

import dev.feedback360.streams.scoring.ScoringConfig;
import picocli.CommandLine.Option;

/**
 * The anonymity threshold k, the publication rule N and whether sd is withheld, shared by the streams, replay and
 * demo commands; k below 3 is refused unless explicitly overridden (docs/privacy.md).
 */
final class PublicationOptions {

  static final String UNSAFE_OVERRIDE = "--unsafe-allow-min-raters-below-3";

  @Option(names = "--min-raters", paramLabel = "K", defaultValue = "" + ScoringConfig.DEFAULT_MIN_RATERS,
      description = "Anonymity threshold: groups and cells with fewer than K raters are not published; at least "
          + ScoringConfig.SAFE_MIN_RATERS + " unless " + UNSAFE_OVERRIDE + " (default: ${DEFAULT-VALUE}).")
  int minRaters = ScoringConfig.DEFAULT_MIN_RATERS;

  @Option(names = "--min-change", paramLabel = "N",
      description = {"Publication rule: a rater group's part of a cell changes only once at least N of its raters "
          + "changed it since it was last published, so no two published records differ by fewer than N raters "
          + "(default: K).",
          "1 publishes every change: the exact live view, which lets anyone who keeps two consecutive records "
              + "compute one rater's answers; only for readers who may see the raw responses anyway. 2 lets a "
              + "rater who reads the scores and corrects their own answers read another rater's (a warning on "
              + "every start)."})
  Integer minChange;

  @Option(names = "--withhold-sd",
      description = "Publish every cell's sd as null (means, n and raters as always; the publication rule then reads "
          + "the sums where it read the squares). A published sd gives the cell's sum of squares, which says when the "
          + "answers behind a cell, or behind two records' difference less a rater's own change, are all one value, "
          + "and so what each of those raters answered (docs/privacy.md).")
  boolean withholdSd;

  @Option(names = UNSAFE_OVERRIDE,
      description = "Allow --min-raters 1 or 2. A group of one or two raters publishes their answers (a lone "
          + "manager's scores, or each of two peers learning the other's); logged as a warning on every start.")
  boolean allowBelowFloor;

  /**
   * The scoring configuration.
   *
   * @throws UsageError if k is below the floor without the override, or k or N is out of range
   */
  ScoringConfig scoring() {
    if (minRaters < ScoringConfig.SAFE_MIN_RATERS && !allowBelowFloor) {
      throw new UsageError("--min-raters " + minRaters + " is refused: with fewer than "
          + ScoringConfig.SAFE_MIN_RATERS + " raters a published score can be traced to one person (a lone "
          + "manager's answers, or a peer's known to the only other peer); use --min-raters "
          + ScoringConfig.SAFE_MIN_RATERS + " or more, or add " + UNSAFE_OVERRIDE + " if every reader may see "
          + "the raw responses anyway");
    }
    try {
      return new ScoringConfig(minRaters, minChange == null ? minRaters : minChange, withholdSd);
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage(), e);
    }
  }
}

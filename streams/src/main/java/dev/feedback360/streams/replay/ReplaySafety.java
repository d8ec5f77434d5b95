package dev.feedback360.streams.replay;

import dev.feedback360.streams.read.ScoresTail;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.topics.KafkaConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a replay's output may be handed to readers who see only outputs (docs/privacy.md, "Replays"): only to
 * readers who see no other sequence of records of the same responses ({@link #advice}), and not at all when it
 * publishes by a weaker rule than production (a lower k shows groups production hides; a lower N lets records be
 * differenced down to fewer raters; an sd shows what production withholds), nor an as-of replay (as-of outputs are
 * made to be compared across instants, and their batches need not line up with each other's or production's).
 *
 * @param reasons why the output is not safe to share; empty when it is
 */
public record ReplaySafety(List<String> reasons) {

  public ReplaySafety {
    reasons = List.copyOf(reasons);
  }

  /**
   * Assesses a replay against the rule production publishes by.
   *
   * @param production production's k and N, when known (else the defaults are assumed)
   */
  public static ReplaySafety assess(ReplayRequest request, Optional<ScoringConfig> production) {
    ScoringConfig reference = production.orElse(ScoringConfig.defaults());
    ScoringConfig replay = request.scoring();
    List<String> reasons = new ArrayList<>();
    if (replay.minRaters() < reference.minRaters()) {
      reasons.add("k = " + replay.minRaters() + " is below production's " + reference.minRaters()
          + ": it shows groups production hides");
    }
    if (replay.minChange() < reference.minChange() || replay.publishesEveryChange()) {
      reasons.add("N = " + replay.minChange() + (replay.publishesEveryChange() ? " publishes every change"
          : " is below production's " + reference.minChange()) + ": its records can be differenced down to "
          + "fewer raters");
    }
    if (reference.withholdsSd() && !replay.withholdsSd()) {
      reasons.add("it publishes sd, which production withholds (--withhold-sd): an sd tells when the answers behind "
          + "a cell, or behind a batch less one rater's, are all one value");
    }
    if (request.asOf() != null) {
      reasons.add("--as-of outputs of different instants (or one and production's) can differ by fewer than N "
          + "raters");
    }
    return new ReplaySafety(reasons);
  }

  public boolean safeToShare() {
    return reasons.isEmpty();
  }

  /** One line for the analyst, or null when the output is safe to share. */
  public String warning() {
    return reasons.isEmpty() ? null
        : "Warning: do not hand this replay's output to readers who may not see the raw responses ("
            + String.join("; ", reasons) + "); see docs/privacy.md";
  }

  /**
   * What the analyst is told about sharing the output: the {@link #warning} when there is one, else that the output
   * is a publication sequence of its own. Every replay publishes its records in batches that fall where its reading
   * order puts them, so two replays of the same responses with the same rules, or a replay and production, compared,
   * can differ by fewer than N raters (review 116: across two full replays of the demo's responses, six pairs of
   * records differed by one rater's form about one colleague).
   */
  public String advice() {
    return reasons.isEmpty() ? ONE_SEQUENCE : warning();
  }

  private static final String ONE_SEQUENCE = "Note: hand this replay's output only to readers who see no other "
      + "replay's or production's records of these responses: its batches fall where its reading order puts them, so "
      + "two such sequences compared can differ by fewer than N raters; see docs/privacy.md";

  /**
   * The k and N of the newest records of production's scores topic, or empty when it holds none (or only records
   * written before minChange existed, which read as N = 1); sd reads as withheld when any of those records shows a
   * cell of two or more answers without an sd ({@link ScoresTail#withholdsSd}).
   */
  public static Optional<ScoringConfig> productionRule(KafkaConnection kafka, String scoresTopic, Duration timeout) {
    return ScoresTail.read(kafka, scoresTopic, timeout).rule();
  }
}

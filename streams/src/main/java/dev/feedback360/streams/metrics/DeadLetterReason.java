package dev.feedback360.streams.metrics;

import java.util.Locale;

/**
 * Why a record went to the dead-letter topic: the {@code reason} tag of {@code feedback360_dead_letters_total}. A
 * short fixed list, never the message (which names items and values), so that the metric's cardinality is bounded.
 */
public enum DeadLetterReason {
  /** An input record that is not a ResponseKey and SurveyResponse in the wire format (docs/wire-format.md). */
  UNDECODABLE,
  /** A record of the app's own repartition topic that cannot be decoded: the app stops. */
  UNDECODABLE_INTERNAL,
  /** A record without a key. */
  MISSING_KEY,
  /** Key and value disagree on cycle, subject or rater. */
  KEY_MISMATCH,
  /** A blank team id. */
  BLANK_TEAM,
  /** An id or the answer list beyond the producer's limits. */
  OVERSIZED,
  /** The same item answered twice. */
  DUPLICATE_ITEM,
  /** A score outside 1..5. */
  SCORE_OUT_OF_RANGE,
  /** A record on another partition than murmur2 of its key gives (a librdkafka producer's default partitioner). */
  MISPLACED,
  /** Any other invalid response. */
  INVALID,
  /** An unexpected failure while processing the record (a defect or an infrastructure fault): the app stops. */
  PROCESSING_FAILURE;

  /** The tag value: the name in lower case. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}

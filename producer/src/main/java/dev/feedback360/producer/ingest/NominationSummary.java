package dev.feedback360.producer.ingest;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of sending one nominations file: the counts and exit code of {@link ImportSummary} (its {@code sent}
 * are nominations, or removals when {@code removals}), and the rows that repeat the key of an earlier row.
 *
 * @param removals whether the file was sent as removals (tombstones)
 * @param duplicates rows whose key (cycle, subject, rater) an earlier row of the file already had: both are sent, so
 *     the last row wins
 * @param firstDuplicates the first {@value ImportSummary#MAX_REJECTIONS_KEPT} of them, in file order
 */
public record NominationSummary(ImportSummary summary, boolean removals, long duplicates,
    List<Duplicate> firstDuplicates) {

  /**
   * A row that repeats an earlier row's key.
   *
   * @param line the row
   * @param earlierLine the previous row with the same key
   */
  public record Duplicate(long line, long earlierLine) {}

  public NominationSummary {
    Objects.requireNonNull(summary, "summary");
    firstDuplicates = List.copyOf(firstDuplicates);
  }

  /** Nominations sent and acknowledged (0 for a file of removals). */
  public long nominated() {
    return removals ? 0 : summary.sent();
  }

  /** Removals sent and acknowledged (0 for a file of nominations). */
  public long removed() {
    return removals ? summary.sent() : 0;
  }
}

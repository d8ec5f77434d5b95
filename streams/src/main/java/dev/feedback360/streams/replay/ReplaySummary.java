package dev.feedback360.streams.replay;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * What a replay did.
 *
 * @param applicationId the replay's own application id (its consumer group and internal-topic prefix)
 * @param outputTopic where the Avro scores went (JSON mirror in outputTopic-json)
 * @param responseOffsets offsets of the responses topic snapshotted at the start (records plus compaction gaps)
 * @param responsesRead input records the replay read (responses and withdrawals, every cycle, before scoping);
 *     may exceed the snapshot when records arrived during the run
 * @param teamsWritten teams (per cycle) with scores in the output at the end
 * @param teamsPublished of those, teams with at least one published score
 * @param deadLetters records of the input the replay could not use, in the replay's dead-letter topic
 * @param elapsed wall-clock time of the whole run, clean-up included
 * @param removedTopics internal topics deleted at the end (empty with keep)
 * @param keptStateDir the local state directory kept (keep), or null when it was deleted
 */
public record ReplaySummary(String applicationId, String outputTopic, long responseOffsets,
    long responsesRead, int teamsWritten, int teamsPublished, long deadLetters, Duration elapsed,
    Set<String> removedTopics,
    Path keptStateDir) {

  public ReplaySummary {
    removedTopics = Set.copyOf(removedTopics);
  }

  /**
   * Offsets of the responses topic's snapshot that held no record the replay read: records the log cleaner removed
   * (earlier versions of corrected responses, withdrawn responses), or a transactional producer's markers and aborted
   * records. A lower bound when records arrived during the run (the replay may read beyond the snapshot).
   */
  public long unreadOffsets() {
    return Math.max(0, responseOffsets - responsesRead);
  }

  /**
   * One line for the analyst when an as-of replay found offsets without records in the responses topic, else null.
   * The log cleaner keeps the latest record per key, so an as-of replay counts, per key, the newest version submitted
   * at or before the instant that is still stored, and nothing for a key whose stored version is later. Segments roll
   * by record timestamps, so an import stamped with its responses' {@code submittedAt} (spanning more than a segment's
   * age, 12 h) is compacted within minutes (docs/replay.md, "What a compacted input topic keeps of history").
   */
  public String historyWarning(Instant asOf, String responsesTopic) {
    if (asOf == null || unreadOffsets() == 0) {
      return null;
    }
    return String.format(Locale.ROOT, "Warning: %,d offsets of %s held no record (the log cleaner removes earlier "
        + "versions of corrected and withdrawn responses, within minutes of an import stamped with old submittedAt "
        + "times; or transaction markers): as of %s this replay counted, per key, the newest version still stored "
        + "at or before it, and nothing for a key whose stored version is later; see docs/replay.md",
        unreadOffsets(), responsesTopic, asOf);
  }
}

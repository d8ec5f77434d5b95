package dev.feedback360.streams.replay;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * What a replay did.
 *
 * @param applicationId the replay's own application id (its consumer group and internal-topic prefix)
 * @param outputTopic where the Avro scores went (JSON mirror in outputTopic-json)
 * @param inputOffsets offsets of the input snapshotted at the start (records plus compaction gaps)
 * @param responsesRead input records the replay read (responses and withdrawals, every cycle, before scoping);
 *     may exceed the snapshot when records arrived during the run
 * @param teamsWritten teams (per cycle) with scores in the output at the end
 * @param teamsPublished of those, teams with at least one published score
 * @param deadLetters records of the input the replay could not use, in the replay's dead-letter topic
 * @param elapsed wall-clock time of the whole run, clean-up included
 * @param removedTopics internal topics deleted at the end (empty with keep)
 * @param keptStateDir the local state directory kept (keep), or null when it was deleted
 */
public record ReplaySummary(String applicationId, String outputTopic, long inputOffsets, long responsesRead,
    int teamsWritten, int teamsPublished, long deadLetters, Duration elapsed, Set<String> removedTopics,
    Path keptStateDir) {

  public ReplaySummary {
    removedTopics = Set.copyOf(removedTopics);
  }
}

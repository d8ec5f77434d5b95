package dev.feedback360.streams.replay;

import java.time.Duration;

/**
 * How far a replay has got through the input offsets snapshotted at its start.
 *
 * @param committed input offsets processed and committed
 * @param total input offsets to get through
 * @param elapsed time since the replay started
 * @param draining true once the input is done and the replay is finishing its own repartition topic
 */
public record ReplayProgress(long committed, long total, Duration elapsed, boolean draining) {

  /** Percentage done, 100 for an empty input. */
  public int percent() {
    return total == 0 ? 100 : (int) Math.min(100, committed * 100 / total);
  }
}

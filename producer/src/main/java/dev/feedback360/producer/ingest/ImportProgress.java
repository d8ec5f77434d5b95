package dev.feedback360.producer.ingest;

import java.time.Duration;

/**
 * Counters of an import still running.
 *
 * @param read rows read so far (accepted or rejected)
 * @param sent rows the broker has acknowledged
 * @param rejected rows rejected
 * @param failed rows whose send failed
 * @param elapsed time since the import started
 */
public record ImportProgress(long read, long sent, long rejected, long failed, Duration elapsed) {}

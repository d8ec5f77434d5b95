package dev.feedback360.streams.topology;

import java.time.Duration;
import java.time.Instant;

/**
 * Which event times (a response's {@code submittedAt}, a nomination's {@code nominatedAt}) the app can use. It stamps
 * everything it writes for a record (its stores' changelogs, the repartition topic, the scores) with the record's event
 * time, and the broker refuses a record stamped more than {@code message.timestamp.after.max.ms} (1 h by default)
 * ahead of its own clock: one response from the future would abort every transaction that holds it, and stop the app
 * at every restart, since it is read again first (sixty-fifth review). Kafka Streams also drops a record whose event
 * time is negative, before any processor sees it. So an event time before 1970, or more than {@link #MAX_AHEAD} after
 * the record's own timestamp (the time it was sent), is not used: the timestamp extractors fall back to the record's
 * timestamp, and the processors send the record to the dead-letter topic with {@link #refusal}. Compared with the
 * record's timestamp rather than the clock, a record is refused or counted the same on every reprocessing and replay.
 */
final class EventTimes {

  /** How far an event time may be after its record's timestamp: the broker's default tolerance. */
  static final Duration MAX_AHEAD = Duration.ofHours(1);

  private EventTimes() {}

  /**
   * Whether the event time can be used for a record of this timestamp.
   *
   * @param recordTimestamp the record's own timestamp, negative when it has none (then only the sign is checked)
   */
  static boolean usable(long eventTime, long recordTimestamp) {
    return eventTime >= 0 && (recordTimestamp < 0 || eventTime - recordTimestamp <= MAX_AHEAD.toMillis());
  }

  /**
   * The event time the extractors give a record: {@code eventTime} when {@link #usable}, else the record's timestamp,
   * or the partition time when it has none (as for a withdrawal).
   */
  static long extracted(long eventTime, long recordTimestamp, long partitionTime) {
    return usable(eventTime, recordTimestamp) ? eventTime : fallback(recordTimestamp, partitionTime);
  }

  /** The event time of a record without a usable one: its timestamp, else the partition time (never negative). */
  static long fallback(long recordTimestamp, long partitionTime) {
    return recordTimestamp >= 0 ? recordTimestamp : Math.max(partitionTime, 0);
  }

  /**
   * The dead letter's reason for an event time that is not {@link #usable}.
   *
   * @param field {@code submittedAt} or {@code nominatedAt}
   * @param recordTimestamp the record's timestamp (what the extractor fell back to)
   */
  static String refusal(String field, long eventTime, long recordTimestamp) {
    if (eventTime < 0) {
      return field + " " + Instant.ofEpochMilli(eventTime) + " is before 1970-01-01T00:00:00Z; send the record again "
          + "with the time it happened (UTC milliseconds since the epoch)";
    }
    return field + " " + Instant.ofEpochMilli(eventTime) + " is more than " + MAX_AHEAD.toMinutes()
        + " minutes after the record's timestamp " + Instant.ofEpochMilli(recordTimestamp) + " (the time it was "
        + "sent): a clock ahead, or local time written as UTC; send the record again with the time it happened";
  }
}

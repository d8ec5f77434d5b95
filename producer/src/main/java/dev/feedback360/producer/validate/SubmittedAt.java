package dev.feedback360.producer.validate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;

/**
 * Reads an event time ({@code submitted_at} of a response, {@code nominated_at} of a nomination): an ISO-8601 date-time with a UTC offset ({@code 2026-10-01T09:00:00Z},
 * {@code 2026-10-01T11:00:00+02:00}), not before {@link #EARLIEST} and at most {@link #MAX_AHEAD} ahead of the
 * clock, truncated to milliseconds. The lower bound keeps every accepted time a valid Kafka record timestamp
 * (non-negative epoch milliseconds); the upper bound keeps it within the range of epoch milliseconds.
 */
final class SubmittedAt {

  /** How far ahead of the clock a submission time may be (clock skew between HR system and importer). */
  static final Duration MAX_AHEAD = Duration.ofHours(1);
  /** The earliest accepted time, inclusive: Kafka refuses negative record timestamps. */
  static final Instant EARLIEST = Instant.EPOCH;

  /** A parsed time, or the problem. */
  record Parsed(Instant instant, String problem) {}

  private SubmittedAt() {}

  /** Parses the time; {@code field} names it in problems. */
  static Parsed parse(String field, String text, Clock clock) {
    if (text == null || text.isBlank()) {
      return new Parsed(null, field + " is missing");
    }
    TemporalAccessor parsed;
    try {
      parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(text.strip(), OffsetDateTime::from, LocalDateTime::from);
    } catch (DateTimeParseException e) {
      return new Parsed(null, field + " is not an ISO-8601 date-time with offset, for example "
          + "2026-10-01T09:00:00Z (" + e.getErrorIndex() + " characters read)");
    }
    if (!(parsed instanceof OffsetDateTime withOffset)) {
      return new Parsed(null, field + " has no UTC offset; add one, for example 2026-10-01T09:00:00Z or "
          + "2026-10-01T11:00:00+02:00");
    }
    Instant instant = withOffset.toInstant().truncatedTo(ChronoUnit.MILLIS);
    if (instant.isBefore(EARLIEST)) {
      return new Parsed(null, field + " is before " + EARLIEST + ", the earliest time a Kafka record can carry; "
          + "check the date in the export");
    }
    if (instant.isAfter(clock.instant().plus(MAX_AHEAD))) {
      return new Parsed(null, field + " is more than " + MAX_AHEAD.toMinutes() + " minutes in the future");
    }
    return new Parsed(instant, null);
  }
}

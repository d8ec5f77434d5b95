package dev.feedback360.producer.testing;

import dev.feedback360.producer.instrument.Instrument;
import dev.feedback360.producer.pseudonym.RaterPseudonymiser;
import dev.feedback360.producer.validate.ResponseValidator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Shared test inputs: a fixed clock, a test key, the default instrument. */
public final class Fixtures {

  public static final Instant NOW = Instant.parse("2026-10-01T09:00:00Z");
  public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  public static final String KEY = "0123456789abcdef-test-key";
  public static final Instrument INSTRUMENT = Instrument.defaultInstrument();
  public static final RaterPseudonymiser PSEUDONYMISER =
      RaterPseudonymiser.withKey(KEY.getBytes(StandardCharsets.UTF_8), "test");
  /** Header of a CSV export with every item of the default instrument. */
  public static final String CSV_HEADER = "response_id,cycle_id,team_id,subject_id,rater_id,rater_group,submitted_at,"
      + String.join(",", INSTRUMENT.itemIds());

  private Fixtures() {}

  public static ResponseValidator validator() {
    return new ResponseValidator(INSTRUMENT, PSEUDONYMISER, CLOCK);
  }

  public static ResponseValidator validator(Clock clock) {
    return new ResponseValidator(INSTRUMENT, PSEUDONYMISER, clock);
  }
}

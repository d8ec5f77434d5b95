package dev.feedback360.producer.generate;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@link SyntheticDataGenerator} makes. The defaults give about 2,300 responses.
 *
 * @param seed the random seed; the same settings always give the same data
 * @param cycles survey cycles, six months apart
 * @param teams teams, each with its own leaning (leader, manager or balanced)
 * @param minSubjectsPerTeam fewest rated people per team, at least 2 (they rate each other as peers)
 * @param maxSubjectsPerTeam most rated people per team
 * @param start start of the first cycle; each cycle's responses arrive over the following two weeks
 * @param notObservedRate share of answers left not observed (NA or blank), 0 to 1
 * @param correctionRate share of responses corrected later (same key, later submission, changed scores), 0 to 1
 */
public record GeneratorSettings(long seed, int cycles, int teams, int minSubjectsPerTeam, int maxSubjectsPerTeam,
    Instant start, double notObservedRate, double correctionRate) {

  public static final long DEFAULT_SEED = 360L;
  public static final int DEFAULT_CYCLES = 2;
  public static final int DEFAULT_TEAMS = 12;
  public static final int DEFAULT_MIN_SUBJECTS = 6;
  public static final int DEFAULT_MAX_SUBJECTS = 10;
  /** In the past, so that the generated data passes the "not in the future" check of imports. */
  public static final Instant DEFAULT_START = Instant.parse("2025-10-01T08:00:00Z");
  public static final double DEFAULT_NOT_OBSERVED_RATE = 0.05;
  public static final double DEFAULT_CORRECTION_RATE = 0.04;

  public GeneratorSettings {
    requireAtLeast("cycles", cycles, 1);
    requireAtLeast("teams", teams, 1);
    requireAtLeast("minimum subjects per team", minSubjectsPerTeam, 2);
    requireAtLeast("maximum subjects per team", maxSubjectsPerTeam, minSubjectsPerTeam);
    if (maxSubjectsPerTeam > 1_000 || teams > 10_000 || cycles > 100) {
      throw new IllegalArgumentException("At most 100 cycles, 10,000 teams and 1,000 subjects per team");
    }
    Objects.requireNonNull(start, "start");
    requireShare("not-observed rate", notObservedRate);
    requireShare("correction rate", correctionRate);
  }

  /** The default settings. */
  public static GeneratorSettings defaults() {
    return new GeneratorSettings(DEFAULT_SEED, DEFAULT_CYCLES, DEFAULT_TEAMS, DEFAULT_MIN_SUBJECTS,
        DEFAULT_MAX_SUBJECTS, DEFAULT_START, DEFAULT_NOT_OBSERVED_RATE, DEFAULT_CORRECTION_RATE);
  }

  /** These settings with another seed. */
  public GeneratorSettings withSeed(long newSeed) {
    return new GeneratorSettings(newSeed, cycles, teams, minSubjectsPerTeam, maxSubjectsPerTeam, start,
        notObservedRate, correctionRate);
  }

  private static void requireAtLeast(String what, int value, int minimum) {
    if (value < minimum) {
      throw new IllegalArgumentException("The " + what + " must be at least " + minimum + ", got " + value);
    }
  }

  private static void requireShare(String what, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException("The " + what + " must be between 0 and 1, got " + value);
    }
  }
}
